package org.madoguchi.benchmarks;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.madoguchi.daemon.Daemon;
import org.madoguchi.daemon.DaemonSettings;
import org.madoguchi.daemon.config.DaemonConfig;

/**
 * The daemon's benchmarks (not tests): prints a table of medians, p99 and spread.
 * <ol type="a">
 * <li>overhead: {@code submitPin} sent → {@code result} received, minus the time spent inside the
 * card, in-process simulator with no card delay;</li>
 * <li>fan-out: one card event to 200 connected observers;</li>
 * <li>a whole PIN-mode verification through pcscd + vpcd, against the bare APDU round trips it needs
 * (skipped without pcscd).</li>
 * </ol>
 * Run: {@code java -cp benchmarks/target/madoguchi-benchmarks.jar org.madoguchi.benchmarks.DaemonBenchmark [rounds]}
 */
public final class DaemonBenchmark {
    static final String R0 = "Simulated Reader 0";

    private DaemonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        List<String> rows = new ArrayList<>();
        Overhead a = overhead(rounds);
        rows.add(row("(a) submitPin→result, total", Stats.of(a.total())));
        rows.add(row("(a) of which card time", Stats.of(a.card())));
        rows.add(row("(a) daemon overhead (total − card)", Stats.of(a.overhead())));

        try (Daemon daemon = Daemon.start(DaemonSettings.simulated(BenchConfig.base(), 1))) {
            DaemonBenchFanOut.Result b = DaemonBenchFanOut.run(daemon.baseUrl(), R0, 200, Math.max(20, rounds / 10));
            rows.add(row("(b) fan-out: sim.remove→each of 200", Stats.of(b.latencies())));
            rows.add(row("(b) fan-out: first observer", Stats.of(b.firsts())));
            rows.add(row("(b) fan-out: first→last observer", Stats.of(b.spreads())));
        }

        String apduNote = "";
        if (DaemonBenchPcscd.available()) {
            DaemonBenchPcscd.Result c = DaemonBenchPcscd.run(Math.max(20, rounds / 10));
            rows.add(row("(c) pcscd: daemon, card seen→result", Stats.of(c.daemon())));
            rows.add(row("(c)   of which inside PC/SC calls", Stats.of(c.daemonPcsc())));
            rows.add(row("(c) pcscd: raw APDUs, same operations", Stats.of(c.raw())));
            apduNote = String.format(Locale.ROOT, "(c) APDUs per verification: daemon %.1f, raw %.1f",
                    c.daemonApdus(), c.rawApdus());
        } else {
            rows.add("(c) skipped: pcscd is not running");
        }

        System.out.printf(Locale.ROOT, "madoguchi daemon benchmark — %d cores, %s %s, %d rounds%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), rounds);
        System.out.printf(Locale.ROOT, "%-40s | %5s | %9s | %9s | %-17s | %9s%n", "benchmark (ms)", "n", "median",
                "p99", "p10–p90", "max");
        System.out.println("-".repeat(104));
        rows.forEach(System.out::println);
        if (!apduNote.isEmpty()) {
            System.out.println(apduNote);
        }
    }

    private static String row(String name, Stats s) {
        return String.format(Locale.ROOT, "%-40s | %s", name, s.row());
    }

    record Overhead(List<Long> total, List<Long> card, List<Long> overhead) {
    }

    /** (a): one card inserted and verified by PIN, again and again; the first rounds warm up. */
    static Overhead overhead(int rounds) throws Exception {
        DaemonBenchTimedBackend[] timed = new DaemonBenchTimedBackend[1];
        DaemonSettings settings = DaemonSettings.simulated(BenchConfig.base(), 1)
                .withBackendWrapper(b -> {
                    timed[0] = new DaemonBenchTimedBackend(b);
                    return timed[0];
                });
        List<Long> total = new ArrayList<>();
        List<Long> card = new ArrayList<>();
        List<Long> overhead = new ArrayList<>();
        int warmUp = Math.max(50, rounds / 5);
        try (Daemon daemon = Daemon.start(settings);
                DaemonBenchClient c = new DaemonBenchClient(HttpClient.newHttpClient(), daemon.baseUrl(), "bench")) {
            for (int i = 0; i < warmUp + rounds; i++) {
                c.command("type", "sim.insert", "reader", R0, "profile", "default");
                String session = c.await(DaemonBenchClient.session(R0, "choose_mode")).message().path("session")
                        .asText();
                c.command("type", "chooseMode", "session", session, "mode", "pin");
                c.await(DaemonBenchClient.session(R0, "pin_entry"));
                long cardBefore = timed[0].cardNanos.sum();
                long t0 = System.nanoTime();
                c.send(DaemonBenchClient.object("type", "submitPin", "id", "p" + i, "session", session, "pin", "1234"));
                var result = c.await(DaemonBenchClient.result(session));
                long cardTime = timed[0].cardNanos.sum() - cardBefore;
                if (!"verified".equals(result.message().path("outcome").asText())) {
                    throw new IllegalStateException("not verified: " + result.message());
                }
                if (i >= warmUp) {
                    total.add(result.nanos() - t0);
                    card.add(cardTime);
                    overhead.add(result.nanos() - t0 - cardTime);
                }
                c.command("type", "sim.remove", "reader", R0);
                c.await(DaemonBenchClient.emptyReader(R0));
            }
        }
        return new Overhead(total, card, overhead);
    }
}
