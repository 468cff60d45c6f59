package org.madoguchi.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.LongAdder;

import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.Secret;
import org.madoguchi.driver.card.SignOutcome;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.Disposition;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.driver.pcsc.jna.JnaReaderBackend;
import org.madoguchi.driver.pki.CertificateVerifier;
import org.madoguchi.driver.spi.Simulation;
import org.madoguchi.driver.spi.SimulationOptions;
import org.madoguchi.driver.spi.SimulationProvider;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.vpcd.VpcdCard;

/**
 * APDU count and time of each card operation and of a whole PIN-mode verification (identify,
 * certificate, PIN status, VERIFY + sign), on a fresh card presence each round: in-process (the
 * simulator's own back-end) and through pcscd + vpcd (slot 1, jna back-end). Prints a table.
 *
 * <pre>java -cp benchmarks/target/madoguchi-benchmarks.jar org.madoguchi.benchmarks.DriverBenchmark [rounds]</pre>
 */
public final class DriverBenchmark {
    private static final String[] OPS = {"identify", "certificate", "pinStatus", "verify+sign", "whole"};
    private static final String VPCD_READER = "Virtual PCD 00 01";

    private record Sample(Map<String, Double> millis, Map<String, Long> apdus) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        System.out.printf("madoguchi DriverBenchmark: %d rounds per path, %d cores, %s%n%n", rounds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"));
        List<String> rows = new ArrayList<>();
        rows.addAll(inProcess(rounds));
        if (Files.exists(Path.of("/run/pcscd/pcscd.comm"))) {
            rows.addAll(throughPcscd(rounds));
        } else {
            rows.add("pcscd+vpcd   (skipped: pcscd is not running)");
        }
        System.out.printf("%-12s %-12s %6s %10s %10s %10s %10s %10s%n", "path", "operation", "APDUs", "median ms",
                "p10 ms", "p90 ms", "p99 ms", "max ms");
        rows.forEach(System.out::println);
    }

    private static List<String> inProcess(int rounds) throws Exception {
        SimulationProvider provider = ServiceLoader.load(SimulationProvider.class).findFirst().orElseThrow();
        try (Simulation sim = provider.start(new SimulationOptions(1, Optional.empty()))) {
            String reader = sim.backend().readers().get(0).name();
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < rounds + 3; i++) {
                sim.insert(reader, "default");
                Sample s = verifyOnce(sim.backend(), reader);
                sim.remove(reader);
                if (i >= 3) { // warm-up rounds are dropped
                    samples.add(s);
                }
            }
            return table("in-process", samples);
        }
    }

    private static List<String> throughPcscd(int rounds) throws Exception {
        List<Sample> samples = new ArrayList<>();
        try (VpcdCard vpcd = VpcdCard.forSlot(1); ReaderBackend backend = new JnaReaderBackend()) {
            vpcd.start();
            for (int i = 0; i < rounds + 3; i++) {
                vpcd.insert(Profiles.create("default"));
                if (!vpcd.awaitConnected(Duration.ofSeconds(5)) || !awaitPresent(backend, true)) {
                    throw new IllegalStateException("vpcd card did not appear on " + VPCD_READER);
                }
                Sample s = verifyOnce(backend, VPCD_READER);
                vpcd.remove();
                awaitPresent(backend, false);
                if (i >= 3) {
                    samples.add(s);
                }
            }
        }
        return table("pcscd+vpcd", samples);
    }

    private static boolean awaitPresent(ReaderBackend backend, boolean present) throws PcscException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<ReaderState> known = backend.readers();
        while (System.nanoTime() < deadline) {
            if (known.stream().anyMatch(r -> r.name().equals(VPCD_READER) && r.cardPresent() == present)) {
                return true;
            }
            known = backend.awaitChange(known, Duration.ofMillis(500));
        }
        return false;
    }

    /** One fresh presence: the whole PIN-mode verification, each step timed and counted. */
    private static Sample verifyOnce(ReaderBackend backend, String reader) throws Exception {
        Map<String, Double> millis = new LinkedHashMap<>();
        Map<String, Long> apdus = new LinkedHashMap<>();
        LongAdder counter = new LongAdder();
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try (CardConnection c = backend.connect(reader, ShareMode.SHARED)) {
            MyNumberCard card = MyNumberCard.over(c, CardLayout.RSA_2016, counter);
            long start = System.nanoTime();
            step(millis, apdus, counter, "identify", card::identify);
            byte[][] cert = new byte[1][];
            step(millis, apdus, counter, "certificate", () -> cert[0] = card.readAuthCertificate());
            step(millis, apdus, counter, "pinStatus", card::pinStatus);
            SignOutcome[] out = new SignOutcome[1];
            step(millis, apdus, counter, "verify+sign", () -> {
                try (Secret pin = Secret.authPin(Profiles.DEFAULT_AUTH_PIN.toCharArray())) {
                    out[0] = card.signChallenge(pin, challenge);
                }
                return out[0];
            });
            millis.put("whole", (System.nanoTime() - start) / 1e6);
            apdus.put("whole", counter.sum());
            if (!(out[0] instanceof SignOutcome.Signed signed)
                    || !CertificateVerifier.verifySignature(cert[0], challenge, signed.signature())) {
                throw new IllegalStateException("the card's signature did not verify: " + out[0]);
            }
            c.disconnect(Disposition.UNPOWER);
        }
        return new Sample(millis, apdus);
    }

    @FunctionalInterface
    private interface Op {
        Object run() throws Exception;
    }

    private static void step(Map<String, Double> millis, Map<String, Long> apdus, LongAdder counter, String name, Op op)
            throws Exception {
        long before = counter.sum();
        long t = System.nanoTime();
        op.run();
        millis.put(name, (System.nanoTime() - t) / 1e6);
        apdus.put(name, counter.sum() - before);
    }

    private static List<String> table(String path, List<Sample> samples) {
        List<String> rows = new ArrayList<>();
        for (String op : OPS) {
            List<Long> nanos = samples.stream().map(s -> Math.round(s.millis().get(op) * 1e6)).toList();
            long apdus = samples.get(0).apdus().get(op);
            Stats st = Stats.of(nanos);
            rows.add(String.format("%-12s %-12s %6d %10.2f %10.2f %10.2f %10.2f %10.2f", path, op, apdus, st.median(),
                    st.p10(), st.p90(), st.p99(), st.max()));
        }
        return rows;
    }

    private DriverBenchmark() {
    }

}
