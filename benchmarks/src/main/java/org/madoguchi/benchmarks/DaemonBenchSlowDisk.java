package org.madoguchi.benchmarks;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import org.madoguchi.daemon.Daemon;
import org.madoguchi.daemon.DaemonSettings;
import org.madoguchi.daemon.audit.AuditTrail;
import org.madoguchi.daemon.session.SessionResult;

/**
 * A slow disk on one reader, and what another reader feels of it. Reader 0 finishes PIN sessions
 * back to back while its audit records take 50 ms each to reach the disk; meanwhile reader 1's
 * patient chooses PIN and the time from {@code chooseMode} to the {@code pin_entry} event is taken.
 * Three runs: reader 0 idle; reader 0 busy with a 50 ms disk as the daemon writes now (the wait is
 * the writer's, off the hub's lock); and, for comparison, the same 50 ms spent inside the hub's lock,
 * as the daemon did before the audit writer (a trail that blocks in {@code record}).
 * Run: {@code java -cp benchmarks/target/madoguchi-benchmarks.jar org.madoguchi.benchmarks.DaemonBenchSlowDisk [rounds]}
 */
public final class DaemonBenchSlowDisk {
    static final String R0 = "Simulated Reader 0";
    static final String R1 = "Simulated Reader 1";
    static final long DISK_MILLIS = 50;

    private DaemonBenchSlowDisk() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        ScheduledExecutorService disk = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "slow-disk");
            t.setDaemon(true);
            return t;
        });
        Run idle = run(rounds, false, UnaryOperator.identity());
        Run now = run(rounds, true, t -> new SlowDisk(t, disk, false));
        Run before = run(rounds, true, t -> new SlowDisk(t, disk, true));
        disk.shutdownNow();

        System.out.printf(Locale.ROOT, "madoguchi slow-disk benchmark — %d cores, %s %s, %d rounds, %d ms per record"
                + " on %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), rounds, DISK_MILLIS, R0);
        System.out.printf(Locale.ROOT, "%-58s | %5s | %9s | %9s | %-17s | %9s%n", "benchmark (ms)", "n", "median",
                "p99", "p10–p90", "max");
        System.out.println("-".repeat(122));
        row("reader 1 chooseMode→pin_entry, reader 0 idle", idle.other());
        row("reader 1 chooseMode→pin_entry, reader 0 slow disk (now)", now.other());
        row("reader 1 chooseMode→pin_entry, slow disk under hub lock", before.other());
        row("reader 0 submitPin→result, slow disk (now)", now.slow());
        row("reader 0 submitPin→result, slow disk under hub lock", before.slow());
    }

    private static void row(String name, List<Long> samples) {
        System.out.printf(Locale.ROOT, "%-58s | %s%n", name, Stats.of(samples).row());
    }

    record Run(List<Long> other, List<Long> slow) {
    }

    private static Run run(int rounds, boolean busy, UnaryOperator<AuditTrail> trail) throws Exception {
        List<Long> other = new ArrayList<>();
        List<Long> slow = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        DaemonSettings settings = DaemonSettings.simulated(BenchConfig.base(), 2).withAuditWrapper(trail);
        HttpClient http = HttpClient.newHttpClient();
        try (Daemon daemon = Daemon.start(settings);
                DaemonBenchClient c1 = new DaemonBenchClient(http, daemon.baseUrl(), "reader-1");
                DaemonBenchClient c0 = new DaemonBenchClient(http, daemon.baseUrl(), "reader-0")) {
            Thread background = new Thread(() -> {
                try {
                    for (int i = 0; busy && !stop.get(); i++) {
                        slow.add(pinSession(c0, R0, "b" + i));
                    }
                } catch (Exception e) {
                    if (!stop.get()) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "reader-0-sessions");
            background.start();
            int warmUp = Math.max(30, rounds / 5);
            for (int i = 0; i < warmUp + rounds; i++) {
                c1.command("type", "sim.insert", "reader", R1, "profile", "default");
                String session = c1.await(DaemonBenchClient.session(R1, "choose_mode")).message().path("session")
                        .asText();
                long t0 = System.nanoTime();
                c1.command("type", "chooseMode", "session", session, "mode", "pin");
                long t1 = c1.await(DaemonBenchClient.session(R1, "pin_entry")).nanos();
                if (i >= warmUp) {
                    other.add(t1 - t0);
                }
                c1.command("type", "sim.remove", "reader", R1);
                c1.await(DaemonBenchClient.result(session));
            }
            stop.set(true);
            background.join(10_000);
        }
        return new Run(other, List.copyOf(slow));
    }

    /** One PIN session on a reader; returns submitPin → result. */
    private static long pinSession(DaemonBenchClient c, String reader, String id) throws Exception {
        c.command("type", "sim.insert", "reader", reader, "profile", "default");
        String session = c.await(DaemonBenchClient.session(reader, "choose_mode")).message().path("session").asText();
        c.command("type", "chooseMode", "session", session, "mode", "pin");
        c.await(DaemonBenchClient.session(reader, "pin_entry"));
        long t0 = System.nanoTime();
        c.send(DaemonBenchClient.object("type", "submitPin", "id", id, "session", session, "pin", "1234"));
        long t1 = c.await(DaemonBenchClient.result(session)).nanos();
        c.command("type", "sim.remove", "reader", reader);
        c.await(DaemonBenchClient.emptyReader(reader));
        return t1 - t0;
    }

    /**
     * Reader 0's records take {@link #DISK_MILLIS} longer to reach the disk: either as the writer
     * thread would (the stage completes later), or blocking the caller, which is the hub's lock.
     */
    private record SlowDisk(AuditTrail disk, ScheduledExecutorService scheduler, boolean blockCaller)
            implements AuditTrail {
        @Override
        public CompletionStage<Void> record(SessionResult result, List<String> clients) {
            if (!result.reader().equals(R0)) {
                return disk.record(result, clients);
            }
            if (blockCaller) {
                try {
                    Thread.sleep(DISK_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return disk.record(result, clients);
            }
            CompletableFuture<Void> later = new CompletableFuture<>();
            scheduler.schedule(() -> disk.record(result, clients).whenComplete((v, e) -> {
                if (e == null) {
                    later.complete(null);
                } else {
                    later.completeExceptionally(e);
                }
            }), DISK_MILLIS, TimeUnit.MILLISECONDS);
            return later;
        }

        @Override
        public Health health() {
            return disk.health();
        }
    }
}
