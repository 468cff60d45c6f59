package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.sessionIn;
import static org.madoguchi.daemon.WsTestClient.sessionState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.madoguchi.daemon.config.BackendKind;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.ReaderFilter;
import org.madoguchi.daemon.security.SimulationClients;
import org.madoguchi.simulator.card.CardPhotos;
import org.madoguchi.simulator.card.Profile;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.cardfront.CardFront;
import org.madoguchi.simulator.cardfront.CardFrontRenderer;
import org.madoguchi.simulator.cardfront.CardPhotographer;
import org.madoguchi.simulator.cardfront.PhotoCondition;
import org.madoguchi.simulator.pki.TestPki;
import org.madoguchi.simulator.vpcd.VpcdCard;

/**
 * Production face mode (no {@code --simulate}): the daemon on the jna back-end through the real pcscd,
 * a simulated card with a real photo in vpcd slot 1, the built-in engine, 照合番号B typed by staff, or read
 * by the card-front OCR off a photograph of the card's front (the production default when Tesseract is there).
 * Skipped without a running pcscd (run it in a namespace of your own, see docs/simulator.md).
 */
@Timeout(120)
class PcscdFaceTest {
    private DaemonFixture f;
    private VpcdCard vpcd;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(Path.of("/run/pcscd/pcscd.comm")), "pcscd is not running: skipped");
        List<Path> roots = TestPki.get().exportRoots(dir);
        DaemonConfig config = DaemonConfig.defaults().withPort(0).withBackend(BackendKind.JNA)
                .withReaders(new ReaderFilter(List.of(PcscdSessionTest.READER), List.of()))
                .withTrustAnchors(List.of(roots.get(0).toString()))
                .withClients(SimulationClients.DEFAULT);
        f = new DaemonFixture(DaemonSettings.production(config));
        vpcd = VpcdCard.forSlot(1);
        vpcd.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (vpcd != null) {
            vpcd.close();
        }
        if (f != null) {
            f.close();
        }
        Thread.sleep(500); // vpcd reports the removal late; the next test's daemon must not see this card
    }

    private String placeWithPhoto(WsTestClient c, String photo) throws Exception {
        Profile p = Profiles.get("default");
        vpcd.insert(p.newCard(p.initialState(), CardPhotos.toCardJp2(RealFaces.bytes(photo))));
        assertTrue(vpcd.awaitConnected(Duration.ofSeconds(5)), "vpcd accepted the card");
        JsonNode choose = c.await(sessionIn(PcscdSessionTest.READER, "choose_mode"));
        assertEquals("[\"face\",\"pin\"]", choose.path("allowedModes").toString(), "face offered in production");
        return choose.path("session").asText();
    }

    private JsonNode typedCodeThenCapture(WsTestClient kiosk, WsTestClient staff, String session, String[] frames)
            throws Exception {
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "face");
        JsonNode entry = kiosk.await(sessionState(session, "card_code_entry"));
        assertEquals(10, entry.path("cardCode").path("retriesLeft").asInt(), entry::toString);
        f.ok(staff, "type", "submitCardCode", "session", session, "code", CardCodeEntryTest.CODE);
        kiosk.await(sessionState(session, "face_in_progress"));
        JsonNode answer = f.command(kiosk, RealFaces.capture(session, RealFaces.base64All(frames)));
        assertEquals("reply", answer.path("type").asText(), answer::toString);
        return kiosk.await(m -> session.equals(m.path("session").asText()) && ("result".equals(m.path("type").asText())
                || m.has("notice")));
    }

    /** {@code /health} once the card-front OCR and the face engine, loaded after the daemon listens, are loaded. */
    private JsonNode settledHealth() throws Exception {
        JsonNode health = WsTestClient.JSON.readTree(f.get("/health"));
        for (int i = 0; i < 500 && (health.path("face").asText().equals("loading")
                || health.path("cardCode").asText().equals("loading")); i++) {
            Thread.sleep(20);
            health = WsTestClient.JSON.readTree(f.get("/health"));
        }
        return health;
    }

    /** Salley's card placed, face chosen: {@code card_code_entry} with the camera on (skipped without the OCR). */
    private String cameraEntry(WsTestClient kiosk) throws Exception {
        JsonNode health = settledHealth();
        assumeTrue("camera".equals(health.path("cardCode").asText()), "no card-front OCR (tesseract-ocr-jpn): " + health);
        assumeTrue(CardFrontRenderer.fontAvailable(), "Noto Sans CJK JP missing: no card front to photograph");
        String session = placeWithPhoto(kiosk, RealFaces.SALLEY_CARD);
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "face");
        JsonNode entry = kiosk.await(sessionState(session, "card_code_entry"));
        assertTrue(entry.path("cardCode").path("camera").asBoolean(), entry::toString);
        return session;
    }

    /** The live burst of the card holder: the session ends verified by face. */
    private JsonNode verifiedByFace(WsTestClient kiosk, String session) throws Exception {
        kiosk.await(sessionState(session, "face_in_progress"));
        JsonNode answer = f.command(kiosk, RealFaces.capture(session, RealFaces.base64All(RealFaces.SALLEY_TURNING)));
        assertEquals("reply", answer.path("type").asText(), answer::toString);
        JsonNode result = kiosk.await(resultOf(session));
        assertEquals("verified", result.path("outcome").asText(), result::toString);
        return result;
    }

    /**
     * Sends CLEAN photographs of the default card's front (seeds from {@code seed}) as the kiosk would until
     * one is read, i.e. the session event after it matches {@code read}; returns that event.
     */
    private JsonNode photographFront(WsTestClient kiosk, String session, long seed,
            java.util.function.Predicate<JsonNode> read) throws Exception {
        CardFront front = CardFront.of(Profiles.get("default").cardFace().orElseThrow());
        CardPhotographer camera = new CardPhotographer(CardFrontRenderer.create());
        for (int i = 0; i < 5; i++) {
            f.ok(kiosk, "type", "cardFrontCapture", "session", session, "image",
                    java.util.Base64.getEncoder().encodeToString(camera.photograph(front, PhotoCondition.CLEAN, seed + i)));
            JsonNode next = kiosk.await(m -> session.equals(m.path("session").asText())
                    && (read.test(m) || "card_code_entry".equals(m.path("state").asText())));
            if (read.test(next)) {
                return next;
            }
            Thread.sleep(1100);
        }
        throw new AssertionError("five clean photographs of the card front were not read");
    }

    @Test
    void productionFaceModeWithATypedCodeVerifiesTheCardHolderAndNotAnotherPerson() throws Exception {
        WsTestClient kiosk = f.client("kiosk", SimulationClients.KIOSK_TOKEN);
        WsTestClient staff = f.client("desk", SimulationClients.STAFF_TOKEN);
        JsonNode health = settledHealth();
        assertEquals("ok", health.path("face").asText(), health::toString);
        assertEquals(false, health.path("simulate").asBoolean());
        assertEquals(CardFrontRenderer.fontAvailable() ? "camera" : health.path("cardCode").asText(),
                health.path("cardCode").asText(), "face.cardCode auto: the camera when the OCR loads " + health);

        String session = placeWithPhoto(kiosk, RealFaces.SALLEY_CARD);
        JsonNode result = typedCodeThenCapture(kiosk, staff, session, RealFaces.SALLEY_TURNING);
        assertEquals("verified", result.path("outcome").asText(), result::toString);
        assertEquals("face", result.path("method").asText());
        assertEquals("live", result.path("face").path("liveness").asText());
        assertEquals("valid", result.path("certificate").path("chain").asText());
        assertFalse(f.auditLines().toString().contains(CardCodeEntryTest.CODE));
        vpcd.remove();
        kiosk.await(WsTestClient.readerEvent(PcscdSessionTest.READER).and(m -> m.path("card").isNull()));

        String other = placeWithPhoto(kiosk, RealFaces.SIMM_CARD);
        JsonNode mismatch = typedCodeThenCapture(kiosk, staff, other, RealFaces.SALLEY_TURNING);
        assertEquals("face_mismatch", mismatch.path("notice").asText(), mismatch::toString);
        f.ok(staff, "type", "cancel", "session", other);
        kiosk.await(resultOf(other));
    }

    @Test
    void productionFaceModeReadsTheCardFrontByCameraSoNobodyTypes() throws Exception {
        WsTestClient kiosk = f.client("kiosk", SimulationClients.KIOSK_TOKEN);
        String session = cameraEntry(kiosk);

        JsonNode reading = photographFront(kiosk, session, 40, m -> "reading_photo".equals(m.path("step").asText()));
        assertTrue(reading.path("cardCode").path("read").path("ja").asText().startsWith("昭和60年**月**日生"), reading::toString);
        verifiedByFace(kiosk, session);
        for (String frame : kiosk.receivedTexts()) {
            assertFalse(frame.contains(CardCodeEntryTest.CODE), "照合番号B is never sent to a client");
        }
    }

    @Test
    void theCardLiftedToTheCameraAndPutBackIsRecognisedThroughPcscd() throws Exception {
        WsTestClient kiosk = f.client("kiosk", SimulationClients.KIOSK_TOKEN);
        String session = cameraEntry(kiosk);
        vpcd.remove(); // lifted off the reader, to the camera
        kiosk.await(sessionState(session, "card_code_entry").and(m -> m.has("cardAwayUntil")));
        kiosk.await(WsTestClient.readerEvent(PcscdSessionTest.READER).and(m -> m.path("card").isNull()));

        photographFront(kiosk, session, 60, m -> "card_return".equals(m.path("state").asText()));

        Profile p = Profiles.get("default"); // the same card (same keys and certificate), put back
        vpcd.insert(p.newCard(p.initialState(), CardPhotos.toCardJp2(RealFaces.bytes(RealFaces.SALLEY_CARD))));
        assertTrue(vpcd.awaitConnected(Duration.ofSeconds(5)), "vpcd accepted the card");
        JsonNode result = verifiedByFace(kiosk, session);
        assertEquals("valid", result.path("certificate").path("chain").asText());
    }
}
