package org.madoguchi.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Start-up and memory of the daemon as the Debian package runs it, measured from outside, as an
 * operator would: separate processes, wall clock and {@code /proc}.
 * <ol>
 * <li><b>ready</b>: the installed launcher ({@code /usr/bin/madoguchi}, or the app image that
 * {@code mvn -Pdeb package} leaves in {@code reader-daemon/target/deb/app-image}) in production mode
 * with an init-style configuration, started again and again: time from {@code exec} to the ready
 * file (written when the daemon listens, just before systemd's READY=1), the CPU time the process
 * used until then, and its RSS at that moment. Whether the AppCDS archive was usable is printed.</li>
 * <li><b>RSS after verifications</b>: the developer jar in {@code --simulate} (the package has no
 * simulator), run by the package's runtime with the package's JVM options (read from the launcher's
 * {@code .cfg}), then with the JVM's defaults for comparison; one staff client verifies a card by PIN
 * (insert, PIN mode, PIN, consent, result, remove) again and again. RSS is sampled on the way.</li>
 * </ol>
 * Run (after {@code mvn -q -DskipTests package} and {@code mvn -q -Pdeb -DskipTests package -pl reader-daemon -am}):
 * {@code java -cp benchmarks/target/madoguchi-benchmarks.jar org.madoguchi.benchmarks.FootprintBenchmark [starts] [verifications]}
 */
public final class FootprintBenchmark {
    private static final Path INSTALLED = Path.of("/usr/bin/madoguchi");
    private static final Path APP_IMAGE = Path.of("reader-daemon/target/deb/app-image/madoguchi");
    private static final Path DEV_JAR = Path.of("reader-daemon/target/madoguchi.jar");
    private static final String R0 = "Simulated Reader 0";

    private FootprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int verifications = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path launcher = Files.isExecutable(INSTALLED) ? INSTALLED : APP_IMAGE.resolve("bin/madoguchi");
        Path image = launcher.toRealPath().getParent().getParent();
        Path work = Files.createTempDirectory("madoguchi-footprint");
        System.out.printf(Locale.ROOT, "madoguchi footprint — %d cores, load %s, launcher %s%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), launcher);

        boolean cds = cdsUsable(launcher, work);
        Ready ready = ready(launcher, work, starts);
        System.out.printf(Locale.ROOT, "%n(1) ready: exec → listening (ready file), production mode, %d starts, AppCDS archive %s%n",
                starts, cds ? "in use" : "NOT usable (install the .deb: postinst builds it)");
        System.out.printf(Locale.ROOT, "%-26s | %8s | %8s | %8s | %8s | %8s%n", "", "median", "min", "p10", "p90", "max");
        System.out.println("-".repeat(80));
        System.out.println(row("wall clock to ready (ms)", ready.wallMillis()));
        System.out.println(row("CPU time to ready (ms)", ready.cpuMillis()));
        System.out.println(row("RSS at ready (MB)", ready.rssMb()));

        List<String> options = packagedOptions(image.resolve("lib/app/madoguchi.cfg"));
        Path runtimeJava = image.resolve("lib/runtime/bin/java");
        String java = Files.isExecutable(runtimeJava) ? runtimeJava.toString()
                : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.printf(Locale.ROOT, "%n(2) RSS (MB) during %d PIN verifications in --simulate (%s)%n", verifications, java);
        List<Integer> marks = marks(verifications);
        System.out.printf(Locale.ROOT, "%-28s | %8s", "JVM options", "ready");
        marks.forEach(m -> System.out.printf(Locale.ROOT, " | %8s", "after " + m));
        System.out.println();
        System.out.println("-".repeat(40 + 11 * marks.size()));
        System.out.println(rssRow("packaged (" + options.size() + " options)", java, options, work, marks));
        String defaults = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.println(rssRow("JVM defaults (no options)", defaults, List.of(), work, marks));
        System.out.println("\npackaged options: " + String.join(" ", options));
    }

    // ---- (1) ready --------------------------------------------------------------------------------

    record Ready(List<Double> wallMillis, List<Double> cpuMillis, List<Double> rssMb) {
    }

    static Ready ready(Path launcher, Path work, int starts) throws Exception {
        Path config = work.resolve("madoguchi.yaml");
        Files.writeString(config, "port: 0\nauditFile: " + work.resolve("audit.jsonl") + "\nclients:\n"
                + "  - {name: kiosk-1, role: kiosk, token: \"" + "0123456789abcdef".repeat(4) + "\"}\n");
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            Path readyFile = work.resolve("ready-" + i);
            ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--config", config.toString(), "--ready-file",
                    readyFile.toString()).redirectErrorStream(true).redirectOutput(work.resolve("start-" + i + ".log").toFile());
            long t0 = System.nanoTime();
            Process p = pb.start();
            while (!Files.exists(readyFile)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the daemon exited " + p.exitValue() + ": see " + work);
                }
                if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) {
                    throw new IllegalStateException("not ready within 60 s");
                }
                Thread.onSpinWait();
                Thread.sleep(0, 200_000);
            }
            long t1 = System.nanoTime();
            wall.add((t1 - t0) / 1e6);
            cpu.add(cpuMillis(p.pid()));
            rss.add(rssKb(p.pid()) / 1024.0);
            stop(p);
        }
        return new Ready(wall, cpu, rss);
    }

    /** {@code -Xshare:on} refuses to start when the archive cannot be mapped. */
    static boolean cdsUsable(Path launcher, Path work) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true)
                .redirectOutput(work.resolve("cds.log").toFile());
        pb.environment().put("_JAVA_OPTIONS", "-Xshare:on");
        Process p = pb.start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    // ---- (2) RSS ----------------------------------------------------------------------------------

    static String rssRow(String name, String java, List<String> options, Path work, List<Integer> marks) throws Exception {
        Path readyFile = work.resolve("ready-sim-" + System.nanoTime());
        Path config = work.resolve("simulate.yaml");
        Files.writeString(config, "port: 0\nauditFile: " + work.resolve("audit-simulate.jsonl") + "\n"
                + "limits: {messagesPerSecond: 100000, burst: 1000000, connections: 100}\n");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(options);
        cmd.addAll(List.of("-cp", DEV_JAR.toString(), "org.madoguchi.daemon.DaemonMain", "--simulate", "--config",
                config.toString(), "--ready-file", readyFile.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("simulate.log").toFile()).start();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-28s", name));
        try {
            long t0 = System.nanoTime();
            while (!Files.exists(readyFile)) {
                if (!p.isAlive() || System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) {
                    throw new IllegalStateException("the simulated daemon did not start: see " + work);
                }
                Thread.sleep(5);
            }
            String base = Files.readString(readyFile).strip();
            line.append(String.format(Locale.ROOT, " | %8.1f", rssKb(p.pid()) / 1024.0));
            try (DaemonBenchClient c = new DaemonBenchClient(HttpClient.newHttpClient(), base, "footprint")) {
                int done = 0;
                for (int mark : marks) {
                    for (; done < mark; done++) {
                        verify(c);
                    }
                    line.append(String.format(Locale.ROOT, " | %8.1f", rssKb(p.pid()) / 1024.0));
                }
            }
            health(base);
        } finally {
            stop(p);
        }
        return line.toString();
    }

    /** One verification as the kiosk does it: PIN mode, the PIN, consent, then the card out. */
    static void verify(DaemonBenchClient c) throws Exception {
        c.command("type", "sim.insert", "reader", R0, "profile", "default");
        String session = c.await(DaemonBenchClient.session(R0, "choose_mode")).message().path("session").asText();
        c.command("type", "chooseMode", "session", session, "mode", "pin");
        c.await(DaemonBenchClient.session(R0, "pin_entry"));
        c.command("type", "submitPin", "session", session, "pin", "1234");
        var consent = c.await(DaemonBenchClient.session(R0, "consent")).message();
        var answers = DaemonBenchClient.JSON.createObjectNode();
        consent.path("consent").path("items").forEach(i -> answers.put(i.asText(), true));
        var submit = DaemonBenchClient.object("type", "submitConsent", "id", "consent-" + session, "session", session);
        submit.set("answers", answers);
        c.send(submit);
        var result = c.await(DaemonBenchClient.result(session)).message();
        if (!"verified".equals(result.path("outcome").asText())) {
            throw new IllegalStateException("not verified: " + result);
        }
        c.command("type", "sim.remove", "reader", R0);
        c.await(DaemonBenchClient.emptyReader(R0));
    }

    private static void health(String base) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/health " + r.statusCode());
        }
    }

    private static List<Integer> marks(int n) {
        List<Integer> marks = new ArrayList<>();
        for (int m : new int[] {n / 10, n / 4, n / 2, n}) {
            if (m > 0 && !marks.contains(m)) {
                marks.add(m);
            }
        }
        return marks;
    }

    /**
     * The launcher's JVM options from its {@code .cfg}, less what belongs to the installed files
     * (the AppCDS archive is made for the production jar; {@code $APPDIR} paths) and jpackage's own.
     */
    static List<String> packagedOptions(Path cfg) throws IOException {
        List<String> options = new ArrayList<>();
        if (!Files.exists(cfg)) {
            return options;
        }
        for (String l : Files.readAllLines(cfg)) {
            if (l.startsWith("java-options=")) {
                String o = l.substring("java-options=".length());
                if (!o.contains("$APPDIR") && !o.startsWith("-Djpackage") && !o.startsWith("-XX:SharedArchiveFile")
                        && !o.startsWith("-Djna.nounpack")) {
                    options.add(o);
                }
            }
        }
        return options;
    }

    // ---- processes --------------------------------------------------------------------------------

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }

    /** Resident set size from {@code /proc/PID/status}. */
    static long rssKb(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** User + system CPU time so far, from {@code /proc/PID/stat} (clock ticks of 10 ms). */
    static double cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
    }

    /** The 1, 5 and 15 minute load averages, or {@code ?}. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String row(String name, List<Double> values) {
        Histogram h = new Histogram(3);
        values.forEach(v -> h.recordValue(Math.round(v * 10)));
        return String.format(Locale.ROOT, "%-26s | %8.1f | %8.1f | %8.1f | %8.1f | %8.1f", name,
                h.getValueAtPercentile(50) / 10.0, h.getMinValue() / 10.0, h.getValueAtPercentile(10) / 10.0,
                h.getValueAtPercentile(90) / 10.0, h.getMaxValue() / 10.0);
    }
}
