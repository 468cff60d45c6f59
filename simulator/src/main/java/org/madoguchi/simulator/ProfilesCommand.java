package org.madoguchi.simulator;

import java.io.PrintWriter;

import org.madoguchi.simulator.card.Profile;
import org.madoguchi.simulator.card.Profiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code simulator profiles}: one line per card profile. */
@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = "プロファイル一覧 / Profiles: the simulated cards, one per line")
final class ProfilesCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        int width = Profiles.all().stream().mapToInt(p -> p.name().length()).max().orElse(0);
        for (Profile p : Profiles.all()) {
            out.printf("%-" + width + "s  %s%n", p.name(), p.description());
        }
        out.flush();
    }
}
