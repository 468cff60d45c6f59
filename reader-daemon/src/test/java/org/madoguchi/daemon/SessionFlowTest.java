package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.IMAGE;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.WsTestClient.object;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.sessionState;

import java.io.ByteArrayInputStream;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;

/** Face and PIN mode end to end: a real WebSocket client against the daemon in simulate mode. */
class SessionFlowTest {
    private DaemonFixture f;
    private WsTestClient kiosk;

    @BeforeEach
    void start() throws Exception {
        f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1));
        kiosk = f.client("kiosk");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** Checks the PIN-mode signature with nothing but the result's JSON. */
    static void assertSignatureVerifies(JsonNode result) throws Exception {
        byte[] der = Base64.getDecoder().decode(result.path("certificate").path("der").asText());
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(cert.getPublicKey());
        verifier.update(Base64.getDecoder().decode(result.path("challenge").asText()));
        assertTrue(verifier.verify(Base64.getDecoder().decode(result.path("signature").asText())),
                "the signature verifies with the certificate's key over the challenge");
    }

    @Test
    void faceMatchVerifiesByFace() throws Exception {
        JsonNode choose = f.placeAndChoose(kiosk, R0, "default");
        String session = choose.path("session").asText();
        assertEquals("[\"face\",\"pin\"]", choose.path("allowedModes").toString());
        assertEquals(3, choose.path("pin").path("retriesLeft").asInt());
        assertEquals(0, choose.path("face").path("attempts").asInt());
        assertEquals(3, choose.path("face").path("maxAttempts").asInt());

        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "face");
        kiosk.await(sessionState(session, "face_in_progress"));
        f.ok(kiosk, "type", "faceCapture", "session", session, "image", IMAGE);
        JsonNode result = kiosk.await(resultOf(session));

        assertEquals("verified", result.path("outcome").asText(), result::toString);
        assertEquals("face", result.path("method").asText());
        assertTrue(result.path("face").path("distance").asDouble() <= result.path("face").path("threshold").asDouble());
        assertEquals(0.55, result.path("face").path("threshold").asDouble());
        assertEquals("live", result.path("face").path("liveness").asText());
        JsonNode cert = result.path("certificate");
        assertFalse(cert.path("der").asText().isEmpty());
        assertEquals("valid", cert.path("chain").asText(), cert::toString);
        assertEquals("none", cert.path("renewal").asText());
        for (String field : new String[] {"serialNumber", "issuer", "subject", "notBefore", "notAfter"}) {
            assertTrue(cert.path(field).isTextual(), field);
        }
        assertFalse(result.has("signature"));
        assertTrue(result.path("startedAt").isTextual() && result.path("finishedAt").isTextual());
    }

    @Test
    void threeFaceMismatchesFallBackToPinWhichVerifiesWithASignature() throws Exception {
        JsonNode choose = f.placeAndChoose(kiosk, R0, "default");
        String session = choose.path("session").asText();
        f.ok(kiosk, "type", "sim.face", "reader", R0, "outcome", "mismatch");
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "face");
        kiosk.await(sessionState(session, "face_in_progress"));
        for (int attempt = 1; attempt <= 2; attempt++) {
            f.ok(kiosk, "type", "faceCapture", "session", session, "image", IMAGE);
            JsonNode mismatch = kiosk.await(sessionState(session, "face_in_progress"));
            assertEquals("face_mismatch", mismatch.path("notice").asText());
            assertEquals(attempt, mismatch.path("face").path("attempts").asInt());
            assertTrue(!mismatch.path("message").path("ja").asText().isEmpty()
                && !mismatch.path("message").path("en").asText().isEmpty());
            if (attempt == 1) {
                f.ok(kiosk, "type", "retryFace", "session", session);
                assertFalse(kiosk.await(sessionState(session, "face_in_progress")).has("notice"));
            }
        }
        f.ok(kiosk, "type", "faceCapture", "session", session, "image", IMAGE);
        JsonNode pinEntry = kiosk.await(sessionState(session, "pin_entry"));
        assertEquals("face_mismatch", pinEntry.path("notice").asText());
        assertEquals("[\"pin\"]", pinEntry.path("allowedModes").toString());
        assertEquals(3, pinEntry.path("pin").path("retriesLeft").asInt());
        assertEquals(3, pinEntry.path("face").path("attempts").asInt());

        String challenge = Base64.getEncoder().encodeToString("受付 2025-11-23 #42".getBytes("UTF-8"));
        assertEquals("reply", f.command(kiosk, object("type", "submitPin", "session", session, "pin", "1234",
                "challenge", challenge)).path("type").asText());
        assertEquals("verifying_pin", kiosk.await(sessionState(session, "working")).path("step").asText());
        JsonNode result = kiosk.await(resultOf(session));
        assertEquals("verified", result.path("outcome").asText(), result::toString);
        assertEquals("pin", result.path("method").asText());
        assertEquals(challenge, result.path("challenge").asText());
        assertSignatureVerifies(result);
    }

    @Test
    void aCaptureWithoutAFaceCountsAsAnAttemptAndSaysSo() throws Exception {
        String session = f.placeAndChoose(kiosk, R0, "default").path("session").asText();
        f.ok(kiosk, "type", "sim.face", "reader", R0, "outcome", "no_face");
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "face");
        kiosk.await(sessionState(session, "face_in_progress"));
        f.ok(kiosk, "type", "faceCapture", "session", session, "image", IMAGE);
        JsonNode noFace = kiosk.await(sessionState(session, "face_in_progress").and(m -> m.has("notice")));
        assertEquals("face_mismatch", noFace.path("notice").asText());
        assertEquals(1, noFace.path("face").path("attempts").asInt());
        assertTrue(noFace.path("message").path("ja").asText().startsWith("顔を確認できませんでした"), noFace::toString);
        f.ok(kiosk, "type", "sim.face", "reader", R0, "outcome", "match");
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "pin");
        assertEquals("pin_entry", kiosk.await(sessionState(session, "pin_entry")).path("state").asText());
        assertEquals("bad_state", f.command(kiosk, "type", "chooseMode", "session", session, "mode", "face")
                .path("code").asText(), "no way back from PIN entry to face");
    }

    @Test
    void withoutAChallengeTheDaemonMakesA32ByteOne() throws Exception {
        String session = f.placeAndChoose(kiosk, R0, "under15").path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "pin");
        assertEquals("reply", f.submitPin(kiosk, session, "1234").path("type").asText());
        JsonNode result = kiosk.await(resultOf(session));
        assertEquals("verified", result.path("outcome").asText(), result::toString);
        assertEquals(32, Base64.getDecoder().decode(result.path("challenge").asText()).length);
        assertSignatureVerifies(result);
    }

    @Test
    void twoWrongPinsThenLastTryThenBlockedThenStaffConfirmsVisually() throws Exception {
        String session = f.placeAndChoose(kiosk, R0, "default").path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "pin");
        assertEquals(3, kiosk.await(sessionState(session, "pin_entry")).path("pin").path("retriesLeft").asInt());

        f.submitPin(kiosk, session, "9999");
        JsonNode second = kiosk.await(sessionState(session, "pin_entry"));
        assertEquals(2, second.path("pin").path("retriesLeft").asInt());
        assertFalse(second.has("notice"));
        assertTrue(second.path("message").path("ja").asText().contains("残り2回"), second::toString);
        f.submitPin(kiosk, session, "9999");
        JsonNode last = kiosk.await(sessionState(session, "pin_entry"));
        assertEquals(1, last.path("pin").path("retriesLeft").asInt());
        assertEquals("pin_last_try", last.path("notice").asText());
        assertFalse(last.path("pin").path("lastTryConfirmed").asBoolean(true));

        JsonNode refused = f.submitPin(kiosk, session, "1234");
        assertEquals("error", refused.path("type").asText());
        assertEquals("bad_state", refused.path("code").asText());

        f.ok(kiosk, "type", "confirmLastTry", "session", session);
        assertTrue(kiosk.await(sessionState(session, "pin_entry")).path("pin").path("lastTryConfirmed").asBoolean());
        assertEquals("reply", f.submitPin(kiosk, session, "0000").path("type").asText());
        JsonNode visual = kiosk.await(sessionState(session, "visual_pending"));
        assertEquals("pin_blocked", visual.path("notice").asText());
        assertTrue(visual.path("message").path("ja").asText().contains("市区町村の窓口"), visual::toString);
        assertTrue(visual.path("message").path("en").asText().contains("municipal office"), visual::toString);
        assertTrue(visual.path("pin").path("blocked").asBoolean());
        assertFalse(visual.path("allowedModes").toString().contains("pin"));

        JsonNode refusedAgain = f.submitPin(kiosk, session, "1234");
        assertEquals("bad_state", refusedAgain.path("code").asText(), "PIN is never offered again");
        f.ok(kiosk, "type", "confirmVisual", "session", session, "staff", "受付 佐藤", "note", "保険証の写真と照合");
        JsonNode result = kiosk.await(resultOf(session));
        assertEquals("verified", result.path("outcome").asText());
        assertEquals("visual", result.path("method").asText());
        assertEquals("受付 佐藤", result.path("staff").asText());
        assertEquals("保険証の写真と照合", result.path("note").asText());
        assertEquals("valid", result.path("certificate").path("chain").asText());
    }

    @Test
    void malformedPinsAreRefusedWithoutTouchingTheCard() throws Exception {
        String session = f.placeAndChoose(kiosk, R0, "default").path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "pin");
        kiosk.await(sessionState(session, "pin_entry"));
        double apdusBefore = MetricsAndHealthTest.metric(f.get("/metrics"), "madoguchi_apdus_total");
        for (String pin : new String[] {"123", "12345", "12a4", "１２３４", ""}) {
            JsonNode error = f.submitPin(kiosk, session, pin);
            assertEquals("invalid_pin_format", error.path("code").asText(), () -> "for a PIN of " + pin.length());
            assertFalse(error.toString().contains(pin.isEmpty() ? "\"pin\"" : pin), "the PIN is not echoed");
        }
        JsonNode numeric = f.command(kiosk, object("type", "submitPin", "session", session).put("pin", 1234));
        assertEquals("bad_request", numeric.path("code").asText());
        assertEquals(apdusBefore, MetricsAndHealthTest.metric(f.get("/metrics"), "madoguchi_apdus_total"));
        f.submitPin(kiosk, session, "1234");
        assertEquals("verified", kiosk.await(resultOf(session)).path("outcome").asText());
    }

    @Test
    void commandsOutOfOrderAreBadStateAndUnknownSessionsAreNamed() throws Exception {
        String session = f.placeAndChoose(kiosk, R0, "default").path("session").asText();
        assertEquals("bad_state", f.command(kiosk, "type", "confirmVisual", "session", session, "staff", "s")
                .path("code").asText());
        assertEquals("bad_state", f.submitPin(kiosk, session, "1234").path("code").asText());
        assertEquals("bad_state", f.command(kiosk, "type", "faceCapture", "session", session, "image", IMAGE)
                .path("code").asText());
        assertEquals("bad_state", f.command(kiosk, "type", "retryFace", "session", session).path("code").asText());
        assertEquals("unknown_session", f.command(kiosk, "type", "cancel", "session", "s-nope").path("code").asText());
        assertEquals("bad_request", f.command(kiosk, "type", "chooseMode", "session", session, "mode", "voice")
                .path("code").asText());
        f.ok(kiosk, "type", "cancel", "session", session);
        JsonNode result = kiosk.await(resultOf(session));
        assertEquals("aborted", result.path("outcome").asText());
        assertEquals("cancelled", result.path("reason").asText());
        assertEquals("bad_state", f.command(kiosk, "type", "cancel", "session", session).path("code").asText());
    }
}
