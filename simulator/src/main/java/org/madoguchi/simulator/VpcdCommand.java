package org.madoguchi.simulator;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.spi.SimulationException;
import org.madoguchi.simulator.card.MyNumberCardSim;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.vpcd.VpcdCard;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulator vpcd --profile NAME}: insert a simulated card into pcscd's vpcd reader until Ctrl-C. */
@Command(name = "vpcd", mixinStandardHelpOptions = true,
        description = {"vpcd の仮想リーダーにカードを挿入します (Ctrl-C で取り出して終了) / "
                + "Inserts a simulated card into pcscd's vpcd reader (\"Virtual PCD 00 <slot>\") until Ctrl-C"})
final class VpcdCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--profile", required = true, paramLabel = "NAME",
            description = "カードのプロファイル (simulator profiles で一覧) / card profile (see `simulator profiles`)")
    private String profile;

    @Option(names = "--slot", defaultValue = "0", paramLabel = "N",
            description = "vpcd のスロット番号 (既定 ${DEFAULT-VALUE}) / vpcd slot (default ${DEFAULT-VALUE})")
    private int slot;

    @Option(names = "--port", defaultValue = "35963", paramLabel = "P",
            description = "vpcd の基準ポート。実際のポートは P + スロット (既定 ${DEFAULT-VALUE}) / "
                    + "vpcd base port; the card connects to P + slot (default ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--host", defaultValue = VpcdCard.DEFAULT_HOST, paramLabel = "H",
            description = "pcscd (vpcd) のホスト (既定 ${DEFAULT-VALUE}) / host running pcscd with vpcd "
                    + "(default ${DEFAULT-VALUE})")
    private String host;

    @Option(names = "--debug", description = "APDU のヘッダと状態語を記録 (データは記録しない) / "
            + "log APDU headers and status words (never their data)")
    private boolean debug;

    @Override
    public Integer call() throws InterruptedException {
        if (slot < 0 || port + slot > 65535 || port < 1) {
            spec.commandLine().getErr().println("ポートまたはスロットが範囲外です / port or slot out of range");
            return 2;
        }
        MyNumberCardSim card;
        try {
            card = Profiles.create(profile);
        } catch (SimulationException e) {
            spec.commandLine().getErr().printf("不明なプロファイル: %s (simulator profiles で一覧) / unknown profile: %s%n",
                    profile, profile);
            return 2;
        }
        if (debug) {
            System.setProperty(SimulatorMain.LOG_LEVEL_PROPERTY, "DEBUG"); // before the first logger
        }
        VpcdCard vpcd = new VpcdCard(host, port + slot);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vpcd.stop();
            stopped.countDown();
        }, "vpcd-shutdown"));
        spec.commandLine().getOut().printf("プロファイル %s (ATR %s) を %s:%d に挿入します。Ctrl-C で終了 / "
                + "inserting profile %s into vpcd at %s:%d; Ctrl-C to stop%n",
                profile, Hex.spaced(card.atr()), host, port + slot, profile, host, port + slot);
        spec.commandLine().getOut().flush();
        vpcd.insert(card);
        vpcd.start();
        stopped.await();
        return 0;
    }
}
