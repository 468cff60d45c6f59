package org.madoguchi.simulator;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.state.CardStore;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulator reset --profile NAME | --all}: cards back as issued (the municipal window, simulated). */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "カードを発行時の状態に戻します (ロック解除・残り回数の回復) / Restores cards as issued "
                + "(unblocks PINs, restores retry counters)")
final class ResetCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Which which;

    static final class Which {
        @Option(names = "--profile", paramLabel = "NAME", description = "このプロファイルのカード / this profile's card")
        String profile;

        @Option(names = "--all", description = "すべてのカード / every card")
        boolean all;
    }

    @Option(names = "--state-dir", paramLabel = "DIR", description = "カード状態の保存先 / the state directory "
            + "(default as for vpcd)")
    private java.nio.file.Path stateDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StateDirOption dirOption = new StateDirOption();
        dirOption.stateDir = stateDir;
        CardStore store = CardStore.inDirectory(dirOption.dir());
        if (which.all) {
            store.resetAll();
            out.printf("すべてのカードを発行時の状態に戻しました / every card restored as issued (%s)%n", dirOption.dir());
            return 0;
        }
        if (Profiles.find(which.profile).isEmpty()) {
            spec.commandLine().getErr().printf("不明なプロファイル: %s / unknown profile: %s%n", which.profile,
                    which.profile);
            return 2;
        }
        store.reset(which.profile);
        out.printf("%s を発行時の状態に戻しました / %s restored as issued (%s)%n", which.profile, which.profile,
                dirOption.dir());
        return 0;
    }
}
