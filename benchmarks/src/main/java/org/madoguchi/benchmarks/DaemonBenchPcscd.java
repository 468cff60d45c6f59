package org.madoguchi.benchmarks;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.madoguchi.daemon.Daemon;
import org.madoguchi.daemon.DaemonSettings;
import org.madoguchi.daemon.config.BackendKind;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.ReaderFilter;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.Secret;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.Disposition;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.driver.pcsc.jna.JnaReaderBackend;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.pki.TestPki;
import org.madoguchi.simulator.vpcd.VpcdCard;

/**
 * (c) A whole PIN-mode verification through pcscd + vpcd (slot 1), against the bare APDU round trips
 * it needs. Daemon: from the first {@code session} event of a placed card (the daemon saw it) to the
 * {@code result}, with the client answering {@code chooseMode} and {@code submitPin} at once. Raw: the
 * same card operations straight through the driver on one connection (connect, identify, token
 * flags, PIN counter, certificate, VERIFY + sign, disconnect), no daemon.
 */
final class DaemonBenchPcscd {
    static final String READER = "Virtual PCD 00 01";

    /**
     * @param daemon      card seen → result, through the daemon
     * @param daemonPcsc  of that, the time inside PC/SC calls (connect, transmit, transactions)
     * @param raw         the same operations straight through the driver
     */
    record Result(List<Long> daemon, List<Long> daemonPcsc, List<Long> raw, double daemonApdus, double rawApdus) {
    }

    private DaemonBenchPcscd() {
    }

    static boolean available() {
        return Files.exists(Path.of("/run/pcscd/pcscd.comm"));
    }

    static Result run(int rounds) throws Exception {
        Path dir = Files.createTempDirectory("madoguchi-bench");
        String root = TestPki.get().exportRoots(dir).get(0).toString();
        List<Long> daemonTimes = new ArrayList<>();
        List<Long> daemonPcsc = new ArrayList<>();
        long apdusBefore;
        long apdusAfter;
        DaemonBenchTimedBackend[] timed = new DaemonBenchTimedBackend[1];
        DaemonConfig config = BenchConfig.base().withBackend(BackendKind.JNA)
                .withReaders(new ReaderFilter(List.of(READER), List.of())).withTrustAnchors(List.of(root));
        DaemonSettings settings = DaemonSettings.production(config).withBackendWrapper(b -> {
            timed[0] = new DaemonBenchTimedBackend(b);
            return timed[0];
        });
        try (VpcdCard vpcd = VpcdCard.forSlot(1); Daemon daemon = Daemon.start(settings);
                DaemonBenchClient c = new DaemonBenchClient(HttpClient.newHttpClient(), daemon.baseUrl(), "bench")) {
            vpcd.start();
            apdusBefore = 0;
            for (int i = 0; i < rounds + 3; i++) {
                if (i == 3) {
                    apdusBefore = timed[0].apdus.sum();
                }
                long pcscBefore = timed[0] == null ? 0 : timed[0].cardNanos.sum();
                vpcd.insert(Profiles.create("default"));
                var start = c.await(DaemonBenchClient.session(READER, "working"));
                String session = start.message().path("session").asText();
                c.await(DaemonBenchClient.session(READER, "choose_mode"));
                c.command("type", "chooseMode", "session", session, "mode", "pin");
                c.command("type", "submitPin", "session", session, "pin", "1234");
                var result = c.await(DaemonBenchClient.result(session));
                if (!"verified".equals(result.message().path("outcome").asText())) {
                    throw new IllegalStateException("not verified: " + result.message());
                }
                if (i >= 3) {
                    daemonTimes.add(result.nanos() - start.nanos());
                    daemonPcsc.add(timed[0].cardNanos.sum() - pcscBefore);
                }
                vpcd.remove();
                c.await(DaemonBenchClient.emptyReader(READER));
            }
            apdusAfter = timed[0].apdus.sum();
        }
        awaitEmpty();
        List<Long> raw = new ArrayList<>();
        LongAdder rawApdus = new LongAdder();
        try (VpcdCard vpcd = VpcdCard.forSlot(1); ReaderBackend pcsc = new JnaReaderBackend()) {
            vpcd.start();
            vpcd.insert(Profiles.create("default"));
            awaitCard(pcsc);
            LongAdder warmUpApdus = new LongAdder();
            for (int i = 0; i < rounds + 3; i++) {
                long t = System.nanoTime();
                rawVerification(pcsc, i >= 3 ? rawApdus : warmUpApdus);
                if (i >= 3) {
                    raw.add(System.nanoTime() - t);
                }
            }
        }
        awaitEmpty();
        return new Result(daemonTimes, daemonPcsc, raw, (apdusAfter - apdusBefore) / (double) rounds,
                rawApdus.sum() / (double) rounds);
    }

    /** What the daemon does for a PIN-mode verification, minus the daemon. */
    private static void rawVerification(ReaderBackend pcsc, LongAdder apdus) throws Exception {
        try (CardConnection conn = pcsc.connect(READER, ShareMode.SHARED)) {
            MyNumberCard card = MyNumberCard.over(conn, CardLayout.RSA_2016, apdus);
            card.identify(); // the token flags come with the label, in the same READ BINARY
            card.pinStatus();
            card.readAuthCertificate();
            try (Secret pin = Secret.authPin("1234".toCharArray())) {
                card.signChallenge(pin, new byte[32]);
            }
            conn.disconnect(Disposition.UNPOWER);
        }
    }

    private static void awaitCard(ReaderBackend pcsc) throws Exception {
        List<ReaderState> known = pcsc.readers();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (known.stream().noneMatch(r -> r.name().equals(READER) && r.cardPresent())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(READER + " shows no card");
            }
            known = pcsc.awaitChange(known, Duration.ofMillis(500));
        }
    }

    private static void awaitEmpty() throws Exception {
        try (ReaderBackend pcsc = new JnaReaderBackend()) {
            List<ReaderState> known = pcsc.readers();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (known.stream().anyMatch(r -> r.name().equals(READER) && r.cardPresent())
                    && System.nanoTime() < deadline) {
                known = pcsc.awaitChange(known, Duration.ofMillis(500));
            }
        }
    }
}
