package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.madoguchi.daemon.config.BackendKind;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.FaceConfig;
import org.madoguchi.driver.face.engine.ModelSource;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The built-in engine at start-up: with a weight file missing or corrupt the daemon still starts, logs
 * an error naming the file in Japanese and English, offers no face mode, and {@code /health} says
 * {@code face: unavailable}; with the weights intact, {@code face: ok}. The weights load beside the
 * start-up: the daemon answers (with {@code face: loading}) while they are still being read.
 */
@Timeout(60)
class FaceEngineStartupTest {
    private static final String[] FILES = {"tiny_face_detector_model-weights_manifest.json",
        "tiny_face_detector_model.bin", "face_landmark_68_model-weights_manifest.json", "face_landmark_68_model.bin",
        "face_recognition_model-weights_manifest.json", "face_recognition_model.bin"};

    /** The six model files copied out of the jar, so that one can be broken. */
    private static Path copyModels(Path dir) throws Exception {
        for (String f : FILES) {
            try (InputStream in = ModelSource.class.getResourceAsStream("model/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        return dir;
    }

    /** {@code /health} once the engine, loaded once the daemon listens, has finished loading (or failed). */
    private static JsonNode health(Daemon daemon) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode h = healthNow(daemon);
        while (h.path("face").asText().equals("loading") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            h = healthNow(daemon);
        }
        return h;
    }

    private static JsonNode healthNow(Daemon daemon) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(daemon.baseUrl()
                + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        return WsTestClient.JSON.readTree(r.body());
    }

    private static List<String> errorsWhileStarting(DaemonSettings settings, Runnable whileUp) throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try (Daemon daemon = Daemon.start(settings)) {
            JsonNode h = health(daemon);
            assertEquals("unavailable", h.path("face").asText(), h::toString);
            whileUp.run();
        } finally {
            root.detachAppender(appender);
        }
        return appender.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aCorruptOrMissingWeightFileIsAClearErrorAndFaceIsNotOffered(@TempDir Path dir) throws Exception {
        Path models = copyModels(dir);
        byte[] bin = Files.readAllBytes(models.resolve("face_recognition_model.bin"));
        bin[1000] ^= 0x55;
        Files.write(models.resolve("face_recognition_model.bin"), bin);
        DaemonConfig config = DaemonConfig.defaults().withPort(0).withBackend(BackendKind.JDK).withAuditFile("off");
        List<String> errors = errorsWhileStarting(DaemonSettings.production(config)
                .withFaceModels(ModelSource.directory(models)), () -> { });
        assertTrue(errors.stream().anyMatch(e -> e.contains("face_recognition_model.bin") && e.contains("壊れています")
                && e.contains("corrupt") && e.contains("顔認証エンジンを読み込めません")), errors::toString);

        Files.delete(models.resolve("tiny_face_detector_model.bin"));
        errors = errorsWhileStarting(DaemonSettings.production(config).withFaceModels(ModelSource.directory(models)),
                () -> { });
        assertTrue(errors.stream().anyMatch(e -> e.contains("tiny_face_detector_model.bin") && e.contains("見つかりません")
                && e.contains("missing")), errors::toString);
    }

    @Test
    void inSimulateModeABrokenBuiltinEngineStillLeavesTheStandIn(@TempDir Path dir) throws Exception {
        Path models = copyModels(dir);
        Files.delete(models.resolve("face_landmark_68_model.bin"));
        DaemonConfig config = DaemonConfig.defaults().withPort(0).withAuditFile("off");
        config = config.withFace(config.face().withEngine(FaceConfig.Engine.BUILTIN));
        List<String> errors = errorsWhileStarting(DaemonSettings.simulated(config, 1)
                .withFaceModels(ModelSource.directory(models)), () -> { });
        assertTrue(errors.stream().anyMatch(e -> e.contains("face_landmark_68_model.bin")), errors::toString);
    }

    @Test
    void intactWeightsGiveFaceOkAndASimulatedEngineNeedsSimulate() throws Exception {
        DaemonConfig config = DaemonConfig.defaults().withPort(0).withBackend(BackendKind.JDK).withAuditFile("off");
        try (Daemon daemon = Daemon.start(DaemonSettings.production(config))) {
            assertEquals("ok", health(daemon).path("face").asText());
        }
        DaemonConfig simulated = config.withFace(config.face().withEngine(FaceConfig.Engine.SIMULATED));
        StartupException e = org.junit.jupiter.api.Assertions.assertThrows(StartupException.class,
                () -> Daemon.start(DaemonSettings.production(simulated)));
        assertTrue(e.getMessage().contains("--simulate"), e::getMessage);
    }

    @Test
    void theDaemonAnswersWhileTheWeightsAreStillBeingRead(@TempDir Path dir) throws Exception {
        // A named pipe in place of one weight file: reading it blocks until this test writes the bytes,
        // so the engine is provably still loading while the daemon is already up.
        Path models = copyModels(dir);
        Path bin = models.resolve("face_recognition_model.bin");
        byte[] bytes = Files.readAllBytes(bin);
        Files.delete(bin);
        Process mkfifo = new ProcessBuilder("mkfifo", bin.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        DaemonConfig config = DaemonConfig.defaults().withPort(0).withBackend(BackendKind.JDK).withAuditFile("off");
        try (Daemon daemon = Daemon.start(DaemonSettings.production(config).withFaceModels(ModelSource.directory(models)))) {
            assertEquals("loading", healthNow(daemon).path("face").asText());
            Thread.sleep(200);
            assertEquals("loading", healthNow(daemon).path("face").asText());
            Files.write(bin, bytes); // opens the pipe for writing: the loader reads the weights
            assertEquals("ok", health(daemon).path("face").asText());
        }
        // Stopping does not wait for a load that hangs on the pipe (the class's timeout bounds this); the load,
        // let go afterwards, ends and closes what it loaded.
        Daemon stopped = Daemon.start(DaemonSettings.production(config).withFaceModels(ModelSource.directory(models)));
        assertEquals("loading", healthNow(stopped).path("face").asText());
        Thread loader = blockedOnTheModelFiles();
        long t0 = System.nanoTime();
        stopped.close();
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "close waited for the hung load");
        assertTrue(loader.isAlive(), "the load was still hanging on the pipe when the daemon stopped");
        Files.write(bin, bytes); // the loader has the pipe open for reading, so this does not block
        loader.join(20_000);
        assertTrue(!loader.isAlive(), "the load ends once the pipe is written");
    }

    /** The face engine's loading thread, once it is inside the read of a model file (here: the named pipe). */
    private static Thread blockedOnTheModelFiles() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (var e : Thread.getAllStackTraces().entrySet()) {
                if (e.getKey().getName().equals("face-engine-load") && e.getKey().isAlive()
                        && java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().contains("ModelSource"))) {
                    return e.getKey();
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the face engine's loader never reached the model files");
    }
}
