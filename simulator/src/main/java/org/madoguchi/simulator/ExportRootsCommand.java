package org.madoguchi.simulator;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.madoguchi.simulator.pki.TestPki;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code simulator export-roots DIR}: the test PKI's root certificates as PEM. */
@Command(name = "export-roots", mixinStandardHelpOptions = true,
        description = "テスト用ルート証明書 (JPKI-TEST) を PEM で書き出します。開発・CI 専用 / Writes the test root "
                + "certificates (JPKI-TEST) as PEM, for development and CI only")
final class ExportRootsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "書き出し先ディレクトリ / output directory")
    private Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<Path> files = TestPki.get().exportRoots(dir);
            for (Path f : files) {
                out.println(f);
            }
            out.println("利用者証明用ルートをデーモンの trustAnchors に設定してください (本番では使用禁止) / put the "
                    + "auth root in the daemon's trustAnchors (never in production)");
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().printf("書き出せません / cannot write: %s%n", e.getMessage());
            return 1;
        }
    }
}
