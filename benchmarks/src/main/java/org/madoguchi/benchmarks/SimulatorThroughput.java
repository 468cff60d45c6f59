package org.madoguchi.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.madoguchi.driver.apdu.ApduTransport;
import org.madoguchi.driver.apdu.ResponseApdu;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.Commands;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.driver.pcsc.jdk.JdkReaderBackend;
import org.madoguchi.driver.pcsc.jna.JnaReaderBackend;
import org.madoguchi.simulator.card.MyNumberCardSim;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.reader.SimulatedReaderBackend;
import org.madoguchi.simulator.vpcd.VpcdCard;

/**
 * APDUs per second against the simulated card: on the card object itself, through the in-process
 * reader back-end (what the daemon's {@code --simulate} mode uses), and through the real pcscd and
 * vpcd slot 1 with the driver's {@code jna} and {@code jdk} back-ends. Prints a Markdown table with
 * the median and the spread (min–max) over several runs, after two warm-up runs.
 *
 * <p>Two workloads: {@code query} is the case-1 VERIFY that reads the PIN counter (4 bytes in, 2
 * out); {@code read256} is a READ BINARY of 256 bytes of the auth certificate (258 bytes out).
 *
 * <p>{@code java -cp benchmarks/target/madoguchi-benchmarks.jar org.madoguchi.benchmarks.SimulatorThroughput
 * [--runs N] [--in-process-apdus N] [--pcscd-apdus N]}. Needs pcscd with vpcd for the pcscd rows
 * (docs/simulator.md, "pcscd with the vpcd card in CI"); without it those rows say so. Uses vpcd
 * slot 1 ({@code Virtual PCD 00 01}).
 */
public final class SimulatorThroughput {
    private static final int SLOT = 1;
    private static final String VPCD_READER = "Virtual PCD 00 01";
    private static final byte[] QUERY = Commands.pinStatus();
    private static final int WARM_UP_RUNS = 2;

    private record Row(String path, String workload, int apdus, double[] perSecond) {
    }

    private SimulatorThroughput() {
    }

    public static void main(String[] args) throws Exception {
        // Before the first logger: the simulator's quiet configuration (never a debug line per APDU).
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-simulator.xml");
        }
        int runs = intArg(args, "--runs", 5);
        int inProcess = intArg(args, "--in-process-apdus", 200_000);
        int pcscd = intArg(args, "--pcscd-apdus", 3_000);
        List<Row> rows = new ArrayList<>();

        MyNumberCardSim bare = Profiles.create("default");
        bare.powerOn();
        rows.addAll(measure("card object (no reader)", bare::process, runs, inProcess));

        try (SimulatedReaderBackend backend = new SimulatedReaderBackend(1)) {
            backend.insert("Simulated Reader 0", Profiles.create("default"));
            try (CardConnection c = backend.connect("Simulated Reader 0", ShareMode.EXCLUSIVE)) {
                rows.addAll(measure("in-process reader", c, runs, inProcess));
            }
        }

        String pcscdNote = "";
        if (Files.exists(Path.of("/run/pcscd/pcscd.comm"))) {
            try (VpcdCard vpcd = VpcdCard.forSlot(SLOT)) {
                vpcd.insert(Profiles.create("default"));
                vpcd.start();
                for (String id : List.of("jna", "jdk")) {
                    try (ReaderBackend backend = id.equals("jna") ? new JnaReaderBackend() : new JdkReaderBackend()) {
                        waitForCard(backend);
                        try (CardConnection c = backend.connect(VPCD_READER, ShareMode.EXCLUSIVE)) {
                            rows.addAll(measure("pcscd + vpcd slot 1, " + id, c, runs, pcscd));
                        }
                    }
                }
            }
        } else {
            pcscdNote = "pcscd is not running: no pcscd rows (see docs/simulator.md).";
        }
        print(rows, runs, pcscdNote);
    }

    private static List<Row> measure(String path, ApduTransport t, int runs, int apdus) throws Exception {
        expectOk(t.transceive(Commands.selectDf(CardLayout.RSA_2016.jpkiAid())));
        expectOk(t.transceive(Commands.selectEf(0x0018)));
        byte[] query = QUERY;
        double[] q = runs(t, runs, apdus, () -> query);
        expectOk(t.transceive(Commands.selectEf(0x000A)));
        int[] chunk = {0};
        double[] r = runs(t, runs, apdus, () -> Commands.readBinary(256 * (chunk[0]++ % 7), 256));
        return List.of(new Row(path, "query", apdus, q), new Row(path, "read256", apdus, r));
    }

    private interface Next {
        byte[] command();
    }

    /** Two warm-up runs, then {@code runs} timed runs of {@code apdus} commands each; APDUs per second. */
    private static double[] runs(ApduTransport t, int runs, int apdus, Next next) throws Exception {
        double[] perSecond = new double[runs];
        for (int run = -WARM_UP_RUNS; run < runs; run++) {
            long start = System.nanoTime();
            for (int i = 0; i < apdus; i++) {
                byte[] r = t.transceive(next.command());
                if (r.length < 2 || r[r.length - 2] != (byte) 0x90 && r[r.length - 2] != 0x63) {
                    throw new IllegalStateException("unexpected answer " + ResponseApdu.parse(r).swHex());
                }
            }
            long nanos = System.nanoTime() - start;
            if (run >= 0) {
                perSecond[run] = apdus * 1e9 / nanos;
            }
        }
        return perSecond;
    }

    private static void expectOk(byte[] r) throws Exception {
        if (ResponseApdu.parse(r).sw() != ResponseApdu.SW_OK) {
            throw new IllegalStateException("set-up command answered " + ResponseApdu.parse(r).swHex());
        }
    }

    private static void waitForCard(ReaderBackend backend) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<ReaderState> known = backend.readers();
        while (known.stream().noneMatch(s -> s.name().equals(VPCD_READER) && s.cardPresent())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(VPCD_READER + " shows no card");
            }
            known = backend.awaitChange(known, Duration.ofMillis(500));
        }
    }

    private static void print(List<Row> rows, int runs, String note) {
        System.out.printf(Locale.ROOT, "Simulator throughput: %d cores, %s %s, %d timed runs after %d warm-up runs%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), runs, WARM_UP_RUNS);
        System.out.println("| path | workload | APDUs per run | median APDU/s | spread (min–max) | median µs/APDU |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (Row r : rows) {
            double[] s = r.perSecond().clone();
            Arrays.sort(s);
            double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %,.0f | %,.0f–%,.0f | %.1f |%n", r.path(), r.workload(),
                    r.apdus(), median, s[0], s[s.length - 1], 1e6 / median);
        }
        if (!note.isEmpty()) {
            System.out.println();
            System.out.println(note);
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
