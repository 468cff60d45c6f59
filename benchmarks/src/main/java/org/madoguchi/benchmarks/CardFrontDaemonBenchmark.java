package org.madoguchi.benchmarks;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.madoguchi.daemon.Daemon;
import org.madoguchi.daemon.DaemonSettings;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.FaceConfig;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.cardfront.CardFront;
import org.madoguchi.simulator.cardfront.CardFrontRenderer;
import org.madoguchi.simulator.cardfront.CardPhotographer;
import org.madoguchi.simulator.cardfront.PhotoCondition;

/**
 * 照合番号B read off the card front through the whole daemon ({@code --simulate} with {@code face.cardCode:
 * camera}, the real card-front OCR): a photograph of the simulated card's own front sent as
 * {@code cardFrontCapture} → the {@code session} event that says what it led to ({@code reading_photo} when
 * read, back to {@code card_code_entry} when refused). The OCR runs on the reader's worker, so this is the
 * OCR plus the daemon's hand-offs. Prints counts and times only, never what was read.
 * Run: {@code java -cp benchmarks/target/madoguchi-benchmarks.jar
 * org.madoguchi.benchmarks.CardFrontDaemonBenchmark [rounds] [condition]} (defaults 30, {@code CLEAN}).
 */
public final class CardFrontDaemonBenchmark {
    static final String R0 = FaceDaemonBenchmark.R0;

    private CardFrontDaemonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        PhotoCondition condition = args.length > 1 ? PhotoCondition.valueOf(args[1]) : PhotoCondition.CLEAN;
        if (!CardFrontRenderer.fontAvailable()) {
            throw new IllegalStateException("Noto Sans CJK JP missing (apt-get install fonts-noto-cjk)");
        }
        CardFront front = CardFront.of(Profiles.get("default").cardFace().orElseThrow());
        CardPhotographer camera = new CardPhotographer(CardFrontRenderer.create());
        int warmUp = 3;
        List<String> photos = new ArrayList<>();
        for (int i = 0; i < warmUp + rounds; i++) {
            photos.add(Base64.getEncoder().encodeToString(camera.photograph(front, condition, 5000 + i)));
        }
        DaemonConfig config = BenchConfig.base();
        config = config.withFace(config.face().withCardCode(FaceConfig.CardCode.CAMERA));
        List<Long> latencies = new ArrayList<>();
        int read = 0;
        int refused = 0;
        try (Daemon daemon = Daemon.start(DaemonSettings.simulated(config, 1));
                DaemonBenchClient c = new DaemonBenchClient(HttpClient.newHttpClient(), daemon.baseUrl(), "bench")) {
            for (int i = 0; i < warmUp + rounds; i++) {
                c.command("type", "sim.insert", "reader", R0, "profile", "default");
                String session = c.await(DaemonBenchClient.session(R0, "choose_mode")).message().path("session")
                        .asText();
                c.command("type", "chooseMode", "session", session, "mode", "face");
                JsonNode entry = c.await(DaemonBenchClient.session(R0, "card_code_entry")).message();
                if (!entry.path("cardCode").path("camera").asBoolean()) {
                    throw new IllegalStateException("the card-front OCR is not on (Tesseract and its jpn data?): "
                            + entry.path("cardCode"));
                }
                long t0 = System.nanoTime();
                c.send(DaemonBenchClient.object("type", "cardFrontCapture", "id", "p" + i, "session", session,
                        "image", photos.get(i)));
                var next = c.await(afterReading(session));
                boolean wasRead = "reading_photo".equals(next.message().path("step").asText());
                if (i >= warmUp) {
                    latencies.add(next.nanos() - t0);
                    if (wasRead) {
                        read++;
                    } else {
                        refused++;
                    }
                }
                if (wasRead) {
                    c.await(DaemonBenchClient.session(R0, "face_in_progress"));
                }
                c.command("type", "cancel", "session", session);
                c.await(DaemonBenchClient.result(session));
                c.command("type", "sim.remove", "reader", R0);
                c.await(DaemonBenchClient.emptyReader(R0));
            }
        }
        Stats s = Stats.of(latencies);
        System.out.printf(Locale.ROOT, "madoguchi card-front benchmark — %d cores, load %s, %s %s, %d rounds (after %d"
                + " warm-up), %s photographs of the default profile's front%n",
                Runtime.getRuntime().availableProcessors(), FootprintBenchmark.loadAverage(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), rounds, warmUp, condition);
        System.out.println("cardFrontCapture → session event | read | refused | median ms | p10 ms | p90 ms | max ms");
        System.out.printf(Locale.ROOT, "%-32s | %4d | %7d | %9.0f | %6.0f | %6.0f | %6.0f%n", condition, read,
                refused, s.median(), s.p10(), s.p90(), s.max());
    }

    /** The session event after a reading: the photo being read (read), or back to entry (refused). */
    static Predicate<JsonNode> afterReading(String session) {
        return m -> "session".equals(m.path("type").asText()) && session.equals(m.path("session").asText())
                && !"reading_card_front".equals(m.path("step").asText())
                && ("card_code_entry".equals(m.path("state").asText())
                        || "reading_photo".equals(m.path("step").asText()));
    }
}
