package org.madoguchi.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.spi.Simulation;
import org.madoguchi.simulator.card.CardPhotos;
import org.madoguchi.simulator.card.FaultSettings;
import org.madoguchi.simulator.card.MyNumberCardSim;
import org.madoguchi.simulator.card.Profile;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.vpcd.VpcdCard;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulator vpcd --profile NAME}: insert a simulated card into pcscd's vpcd reader until Ctrl-C. */
@Command(name = "vpcd", mixinStandardHelpOptions = true,
        description = {"vpcd の仮想リーダーにカードを挿入します (Ctrl-C で取り出して終了) / "
                + "Inserts a simulated card into pcscd's vpcd reader (\"Virtual PCD 00 <slot>\") until Ctrl-C"})
final class VpcdCommand implements Callable<Integer> {
    /** {@code --fault} values. */
    static final List<String> FAULTS = java.util.Arrays.stream(Simulation.CardFault.values())
            .map(Simulation.CardFault::code).toList();

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

    @Mixin
    private StateDirOption state;

    @Option(names = "--fault", paramLabel = "FAULT", description = "障害の注入 (複数可): drop-verify-before, "
            + "drop-verify-after, get-response (61xx), wrong-le (6Cxx), fail-after-power-up (6F00) / inject a fault "
            + "(repeatable)")
    private List<String> faults = new ArrayList<>();

    @Option(names = "--delay", defaultValue = "0", paramLabel = "MS",
            description = "APDU ごとの遅延 (ミリ秒) / delay before every APDU (ms)")
    private long delayMillis;

    @Option(names = "--sign-delay", defaultValue = "0", paramLabel = "MS",
            description = "署名 (80 2A) の追加遅延 (ミリ秒) / extra delay before signing (ms)")
    private long signDelayMillis;

    @Option(names = "--reinsert-after", defaultValue = "2000", paramLabel = "MS",
            description = "リンク断の後、カードを置き直すまでの時間 (0 で置き直さない、既定 ${DEFAULT-VALUE}) / after a "
                    + "link drop, place the card again after MS (0: leave it out; default ${DEFAULT-VALUE})")
    private long reinsertMillis;

    @Option(names = "--photo", paramLabel = "FILE",
            description = "カードの顔写真にする JPEG / PNG (グレースケールの JPEG 2000 200×250 にして格納) / a JPEG or PNG "
                    + "to put on the card as its face photo (stored as a greyscale 200×250 JPEG 2000)")
    private java.nio.file.Path photo;

    @Option(names = "--debug", description = "APDU のヘッダと状態語を記録 (データは記録しない) / "
            + "log APDU headers and status words (never their data)")
    private boolean debug;

    @Override
    public Integer call() throws InterruptedException {
        if (slot < 0 || port + slot > 65535 || port < 1) {
            spec.commandLine().getErr().println("ポートまたはスロットが範囲外です / port or slot out of range");
            return 2;
        }
        if (delayMillis < 0 || signDelayMillis < 0 || reinsertMillis < 0) {
            spec.commandLine().getErr().println("時間は 0 以上です / times cannot be negative");
            return 2;
        }
        Profile p = Profiles.find(profile).orElse(null);
        if (p == null) {
            spec.commandLine().getErr().printf("不明なプロファイル: %s (simulator profiles で一覧) / unknown profile: %s%n",
                    profile, profile);
            return 2;
        }
        FaultSettings f = FaultSettings.NONE.withApduDelay(Duration.ofMillis(delayMillis))
                .withSignDelay(Duration.ofMillis(signDelayMillis));
        for (String fault : faults) {
            var known = Simulation.CardFault.of(fault);
            if (known.isEmpty()) {
                spec.commandLine().getErr().printf("不明な障害: %s (%s) / unknown fault: %s%n", fault,
                        String.join(", ", FAULTS), fault);
                return 2;
            }
            f = f.with(known.get());
        }
        if (debug) {
            System.setProperty(SimulatorMain.LOG_LEVEL_PROPERTY, "DEBUG"); // before the first logger
        }
        MyNumberCardSim card;
        if (photo != null) {
            byte[] jp2;
            try {
                if (p.cardFace().isEmpty()) {
                    spec.commandLine().getErr().printf("プロファイル %s には券面がありません / profile %s has no card face%n",
                            profile, profile);
                    return 2;
                }
                if (java.nio.file.Files.size(photo) > Simulation.MAX_PHOTO_BYTES) {
                    spec.commandLine().getErr().println("写真が大きすぎます / the photo is too large");
                    return 2;
                }
                jp2 = CardPhotos.toCardJp2(java.nio.file.Files.readAllBytes(photo));
            } catch (java.io.IOException e) {
                spec.commandLine().getErr().printf("写真を読めません / cannot read the photo: %s%n", photo);
                return 2;
            } catch (CardPhotos.PhotoException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 2;
            }
            card = p.newCard(state.store().state(p), jp2);
        } else {
            card = p.newCard(state.store().state(p));
        }
        card.faults().set(f);
        VpcdCard vpcd = new VpcdCard(host, port + slot);
        vpcd.reinsertAfterDrop(Duration.ofMillis(reinsertMillis));
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
