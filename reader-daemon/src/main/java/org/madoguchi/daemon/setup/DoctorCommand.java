package org.madoguchi.daemon.setup;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.madoguchi.daemon.readers.Backends;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code madoguchi doctor}: checks the installation and prints one line per finding, Japanese then
 * English, with what to do. Exit code 0 when nothing is wrong, 1 when a check failed.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"設置を点検し、問題と対処を表示します / Checks the installation and says what to fix"})
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "点検する設定ファイル(既定 /etc/madoguchi/madoguchi.yaml) / Configuration to check (default /etc/madoguchi/madoguchi.yaml)")
    Path config = InitCommand.DEFAULT_CONFIG;

    @Option(names = "--user", paramLabel = "USER",
            description = "サービスの利用者(既定 madoguchi、いなければ自分) / The service's user (default madoguchi, or yourself when it does not exist)")
    String user = ServiceAccount.DEFAULT_USER;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<ServiceAccount> account = ServiceAccount.lookup(user);
        Doctor doctor = new Doctor(config.toAbsolutePath(), account, kind -> Backends.open(kind).backend(),
                DoctorCommand.class.getClassLoader(), Doctor.defaultPcscdSocket());
        List<Check> checks = doctor.run();
        for (Check c : checks) {
            out.println(c.line());
        }
        boolean failed = Doctor.failed(checks);
        out.println(failed
                ? "問題があります。上の [FAIL] を直してください / Something is wrong: fix the [FAIL] lines above"
                : "問題は見つかりませんでした / No problem found");
        out.flush();
        return failed ? 1 : 0;
    }
}
