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
 * {@code face: unavailable}; with the weights intact, {@code face: ok}.
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

    private static JsonNode health(Daemon daemon) throws Exception {
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
}
