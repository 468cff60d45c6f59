package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.IMAGE;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.WsTestClient.readerEvent;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.resultOn;
import static org.madoguchi.daemon.WsTestClient.sessionIn;
import static org.madoguchi.daemon.WsTestClient.sessionState;
import static org.madoguchi.daemon.WsTestClient.type;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.madoguchi.daemon.config.DaemonConfig;

/** How each simulator profile ends, as docs/protocol.md ("How each card ends") says. */
class ProfileEndingsTest {
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

    @ParameterizedTest(name = "{0} → failed {2}")
    @CsvSource({
        "not-my-number, not_jpki, not_my_number_card",
        "juki, juki_card, unsupported_token",
        "iphone, iphone_token, unsupported_token",
    })
    void cardsThatCannotBeVerifiedFailAtOnce(String profile, String kind, String reason) throws Exception {
        f.insert(kiosk, R0, profile);
        JsonNode working = kiosk.await(sessionIn(R0, "working"));
        assertEquals("reading_card", working.path("step").asText());
        JsonNode reader = kiosk.await(readerEvent(R0).and(m -> !m.path("card").isNull()));
        assertEquals(kind, reader.path("card").path("kind").asText());
        JsonNode result = kiosk.await(resultOf(working.path("session").asText()));
        assertEquals("failed", result.path("outcome").asText());
        assertEquals(reason, result.path("reason").asText());
        assertTrue(!result.path("message").path("ja").asText().isEmpty()
                && !result.path("message").path("en").asText().isEmpty());
        assertFalse(kiosk.seen().stream().anyMatch(sessionIn(R0, "choose_mode")), "nothing was offered");
    }

    @Test
    void expiredCertificateBeyondTheGraceWindowFailsBeforeAnyPinIsAsked() throws Exception {
        f.insert(kiosk, R0, "expired-cert");
        JsonNode result = kiosk.await(resultOn(R0));
        assertEquals("failed", result.path("outcome").asText(), result::toString);
        assertEquals("unsupported_token", result.path("reason").asText());
        assertEquals("expired", result.path("certificate").path("chain").asText());
        assertEquals("lapsed", result.path("certificate").path("renewal").asText());
        assertTrue(result.path("message").path("ja").asText().contains("3か月"), result::toString);
        assertFalse(kiosk.seen().stream().anyMatch(sessionIn(R0, "choose_mode")));
    }

    @Test
    void renewalDueVerifiesAndSaysSo() throws Exception {
        String session = f.placeAndChoose(kiosk, R0, "renewal-due").path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "face");
        kiosk.await(sessionState(session, "face_in_progress"));
        f.ok(kiosk, "type", "faceCapture", "session", session, "image", IMAGE);
        JsonNode result = kiosk.await(resultOf(session));
        assertEquals("verified", result.path("outcome").asText());
        assertEquals("valid", result.path("certificate").path("chain").asText());
        assertEquals("due", result.path("certificate").path("renewal").asText());
    }

    @Test
    void under15VerifiesByPinWithoutTheSignatureCertificate() throws Exception {
        JsonNode choose = f.placeAndChoose(kiosk, R0, "under15");
        assertEquals("[\"face\",\"pin\"]", choose.path("allowedModes").toString());
        String session = choose.path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "pin");
        f.submitPin(kiosk, session, "1234");
        JsonNode result = kiosk.await(resultOf(session));
        assertEquals("verified", result.path("outcome").asText());
        SessionFlowTest.assertSignatureVerifies(result);
    }

    @Test
    void pinBlockedCardNeverOffersPin() throws Exception {
        JsonNode choose = f.placeAndChoose(kiosk, R0, "pin-blocked");
        String session = choose.path("session").asText();
        assertEquals("[\"face\"]", choose.path("allowedModes").toString());
        assertEquals("pin_blocked", choose.path("notice").asText());
        assertTrue(choose.path("message").path("ja").asText().contains("市区町村の窓口"));
        assertTrue(choose.path("pin").path("blocked").asBoolean());
        assertEquals(0, choose.path("pin").path("retriesLeft").asInt());
        assertEquals("bad_state", f.command(kiosk, "type", "chooseMode", "session", session, "mode", "pin")
                .path("code").asText());
        neverOffersPinThroughFaceFailures(session);
    }

    @Test
    void faceOnlyCardNeverOffersPin() throws Exception {
        JsonNode choose = f.placeAndChoose(kiosk, R0, "face-only");
        String session = choose.path("session").asText();
        assertEquals("[\"face\"]", choose.path("allowedModes").toString());
        assertEquals("pin_unusable", choose.path("notice").asText(), choose::toString);
        assertFalse(choose.path("pin").path("usable").asBoolean(true));
        neverOffersPinThroughFaceFailures(session);
    }

    /** Three mismatches on a card without a usable PIN go to 目視確認, never to pin_entry. */
    private void neverOffersPinThroughFaceFailures(String session) throws Exception {
        f.ok(kiosk, "type", "sim.face", "reader", R0, "outcome", "mismatch");
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "face");
        for (int i = 0; i < 3; i++) {
            kiosk.await(sessionState(session, "face_in_progress"));
            f.ok(kiosk, "type", "faceCapture", "session", session, "image", IMAGE);
        }
        JsonNode visual = kiosk.await(sessionState(session, "visual_pending"));
        assertEquals("face_mismatch", visual.path("notice").asText());
        assertEquals("[]", visual.path("allowedModes").toString());
        f.ok(kiosk, "type", "confirmVisual", "session", session, "staff", "鈴木");
        assertEquals("visual", kiosk.await(resultOf(session)).path("method").asText());
        assertFalse(kiosk.seen().stream().anyMatch(m -> type("session").test(m)
                && (m.path("state").asText().equals("pin_entry") || m.path("allowedModes").toString().contains("pin"))));
    }

    @Test
    void androidTokenVerifiesByPinOnlyWithTheCertificateReadAfterThePin() throws Exception {
        JsonNode choose = f.placeAndChoose(kiosk, R0, "android");
        assertEquals("[\"pin\"]", choose.path("allowedModes").toString());
        String session = choose.path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "pin");
        f.submitPin(kiosk, session, "1234");
        JsonNode result = kiosk.await(resultOf(session));
        assertEquals("verified", result.path("outcome").asText(), result::toString);
        assertEquals("valid", result.path("certificate").path("chain").asText());
        SessionFlowTest.assertSignatureVerifies(result);
    }

    @Test
    void pinLastTryProfileAsksForConfirmationAtOnce() throws Exception {
        String session = f.placeAndChoose(kiosk, R0, "pin-last-try").path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "pin");
        JsonNode entry = kiosk.await(sessionState(session, "pin_entry"));
        assertEquals("pin_last_try", entry.path("notice").asText());
        assertEquals("bad_state", f.submitPin(kiosk, session, "1234").path("code").asText());
        f.ok(kiosk, "type", "confirmLastTry", "session", session);
        f.submitPin(kiosk, session, "1234");
        assertEquals("verified", kiosk.await(resultOf(session)).path("outcome").asText());
    }
}
