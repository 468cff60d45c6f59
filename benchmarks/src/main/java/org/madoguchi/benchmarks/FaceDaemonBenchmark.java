package org.madoguchi.benchmarks;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.madoguchi.daemon.Daemon;
import org.madoguchi.daemon.DaemonSettings;

/**
 * Face mode through the whole daemon ({@code --simulate}, in-process reader, the built-in engine):
 * a card carrying a real photo ({@code sim.insert … photo}), then {@code faceCapture} with 5 frames
 * (480×360 JPEG, a real person turning his head, as the kiosk sends them) sent → {@code result}
 * received. Prints the latency (median, p10–p90) and the heap: after GC with the engine loaded, and
 * the highest heap in use sampled every 5 ms while captures run, with the GC time they cost.
 * Run: {@code java -Xmx256m -cp benchmarks/target/madoguchi-benchmarks.jar
 * org.madoguchi.benchmarks.FaceDaemonBenchmark [rounds] [face-test-data]}
 */
public final class FaceDaemonBenchmark {
    static final String R0 = "Simulated Reader 0";
    /** The card photo, and a head turn as a camera sees it (the kiosk test's photos). */
    static final String CARD = "John_Salley/000192_02159531.jpg";
    static final String[] BURST = {"John_Salley/000200_02159354.jpg", "John_Salley/000179_02159509.jpg",
        "John_Salley/000194_02159572.jpg", "John_Salley/000179_02159509.jpg", "John_Salley/000200_02159354.jpg"};

    private FaceDaemonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path johns = Path.of(args.length > 1 ? args[1] : "reader-driver/target/face-test-data").resolve("dlib/johns");
        if (!Files.isDirectory(johns)) {
            throw new IllegalArgumentException("no test photos under " + johns + ": build reader-driver's tests first");
        }
        String card = Base64.getEncoder().encodeToString(Files.readAllBytes(johns.resolve(CARD)));
        List<String> frames = new ArrayList<>();
        int captureBytes = 0;
        for (String f : BURST) {
            byte[] jpeg = scene(Files.readAllBytes(johns.resolve(f)));
            captureBytes += jpeg.length;
            frames.add(Base64.getEncoder().encodeToString(jpeg));
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Long> latencies = new ArrayList<>();
        int warmUp = Math.max(10, rounds / 5);
        long heapIdle;
        AtomicLong peak = new AtomicLong();
        long gcBefore;
        long gcAfter;
        try (Daemon daemon = Daemon.start(DaemonSettings.simulated(BenchConfig.base(), 1));
                DaemonBenchClient c = new DaemonBenchClient(HttpClient.newHttpClient(), daemon.baseUrl(), "bench")) {
            for (int i = 0; i < warmUp + rounds; i++) {
                if (i == warmUp) {
                    System.gc();
                    Thread.sleep(200);
                    heapIdle = memory.getHeapMemoryUsage().getUsed();
                    System.out.printf(Locale.ROOT, "heap in use after GC, engine loaded and warm: %.1f MiB%n",
                            heapIdle / 1048576.0);
                    peak.set(0);
                    startSampler(memory, peak);
                }
                if (i == warmUp) {
                    gcBefore = gcMillis();
                    System.setProperty("bench.gcBefore", Long.toString(gcBefore));
                }
                c.command("type", "sim.insert", "reader", R0, "profile", "default", "photo", card);
                String session = c.await(DaemonBenchClient.session(R0, "choose_mode")).message().path("session")
                        .asText();
                c.command("type", "chooseMode", "session", session, "mode", "face");
                c.await(DaemonBenchClient.session(R0, "face_in_progress"));
                ObjectNode capture = DaemonBenchClient.object("type", "faceCapture", "id", "f" + i, "session", session);
                ArrayNode a = capture.putArray("frames");
                frames.forEach(a::add);
                long t0 = System.nanoTime();
                c.send(capture);
                var result = c.await(DaemonBenchClient.result(session));
                if (!"verified".equals(result.message().path("outcome").asText())) {
                    throw new IllegalStateException("not verified: " + result.message());
                }
                if (i >= warmUp) {
                    latencies.add(result.nanos() - t0);
                }
                c.command("type", "sim.remove", "reader", R0);
                c.await(DaemonBenchClient.emptyReader(R0));
            }
            gcAfter = gcMillis();
        }
        Stats s = Stats.of(latencies);
        System.out.printf(Locale.ROOT, "madoguchi face benchmark — %d cores, %s %s, -Xmx %d MiB, %d rounds (after %d"
                + " warm-up), capture of %d frames, %d KiB of JPEG%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / 1048576, rounds, warmUp, BURST.length, captureBytes / 1024);
        System.out.printf(Locale.ROOT, "faceCapture (5 frames) → result, ms: median %.1f, p10–p90 %.1f–%.1f, p99 %.1f,"
                + " max %.1f%n", s.median(), s.p10(), s.p90(), s.p99(), s.max());
        long before = Long.parseLong(System.getProperty("bench.gcBefore", "0"));
        System.out.printf(Locale.ROOT, "highest heap in use while capturing: %.1f MiB; GC time during the measured"
                + " rounds: %d ms (%.1f ms a capture)%n", peak.get() / 1048576.0, gcAfter - before,
                (gcAfter - before) / (double) rounds);
    }

    private static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, gc.getCollectionTime());
        }
        return t;
    }

    private static void startSampler(MemoryMXBean memory, AtomicLong peak) {
        Thread t = new Thread(() -> {
            while (true) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        t.setDaemon(true);
        t.start();
    }

    /** The photo at 270 px in a 480×360 frame, as the kiosk's camera frames are sent. */
    static byte[] scene(byte[] jpeg) throws Exception {
        BufferedImage photo = ImageIO.read(new ByteArrayInputStream(jpeg));
        BufferedImage img = new BufferedImage(480, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(226, 224, 218));
        g.fillRect(0, 0, 480, 360);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(photo, 105, 45, 270, 270, null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }
}
