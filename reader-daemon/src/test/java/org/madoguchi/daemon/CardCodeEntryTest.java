package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.IMAGE;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.sessionState;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.FaceConfig;
import org.madoguchi.daemon.security.SimulationClients;

/**
 * 照合番号B typed ({@code face.cardCode: typed} in {@code --simulate}, as production always does):
 * {@code card_code_entry}, {@code submitCardCode}, the local check ({@code invalid_card_code}, no
 * APDU), a code the card refuses, a blocked counter; and the {@code face_not_live} notice.
 */
@Timeout(60)
class CardCodeEntryTest {
    /** The default profile's 照合番号B: born 昭和60-04-01, card expires 2034, security code 4321. */
    static final String CODE = "60040120344321";
    static final String WRONG = "60040120344322";

    private DaemonFixture f;
    private WsTestClient kiosk;
    private WsTestClient staff;

    @BeforeEach
    void start() throws Exception {
        DaemonConfig config = DaemonConfig.defaults().withPort(0);
        config = config.withFace(config.face().withCardCode(FaceConfig.CardCode.TYPED));
        f = new DaemonFixture(DaemonSettings.simulated(config, 1));
        kiosk = f.client("kiosk", SimulationClients.KIOSK_TOKEN);
        staff = f.client("desk", SimulationClients.STAFF_TOKEN);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private String codeEntry(String profile) throws Exception {
        String session = f.placeAndChoose(kiosk, R0, profile).path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "face");
        JsonNode entry = kiosk.await(sessionState(session, "card_code_entry"));
        assertEquals("face", entry.path("mode").asText());
        assertEquals(10, entry.path("cardCode").path("retriesLeft").asInt(), entry::toString);
        assertTrue(entry.path("message").path("ja").asText().contains("職員が照合番号を入力します"), entry::toString);
        return session;
    }

    private JsonNode submit(WsTestClient c, String session, String code) throws Exception {
        return f.command(c, "type", "submitCardCode", "session", session, "code", code);
    }

    @Test
    void aTypedCodeReadsThePhotoAfterALocalCheckAndAWrongOneShowsTheTriesLeft() throws Exception {
        String session = codeEntry("default");
        for (String bad : new String[] {"6004012034432", "600401203443210", "6004012034432a", "60130120344321",
            "60043120344321", "60023020344321", "00040120344321", "60040120154321", "60040121004321", "６００４０１２０３４４３２１"}) {
            JsonNode e = submit(staff, session, bad);
            assertEquals("invalid_card_code", e.path("code").asText(), bad + ": " + e);
            assertFalse(e.toString().contains(bad), "the refusal never repeats the code");
        }
        assertEquals("bad_request", f.command(staff, WsTestClient.object("type", "submitCardCode", "session", session)
                .put("code", 60040120344321L)).path("code").asText(), "a number is not a code");
        assertEquals("forbidden", submit(f.client("obs", null), session, CODE).path("code").asText());
        assertEquals("bad_state", f.command(kiosk, "type", "faceCapture", "session", session, "image", IMAGE)
                .path("code").asText(), "no capture before the photo is read");

        assertEquals("reply", submit(staff, session, WRONG).path("type").asText());
        JsonNode wrong = kiosk.await(sessionState(session, "card_code_entry")
                .and(m -> m.path("cardCode").path("retriesLeft").asInt() == 9));
        assertTrue(wrong.path("message").path("ja").asText().contains("残り9回"), wrong::toString);
        assertFalse(wrong.toString().contains(WRONG));

        assertEquals("reply", submit(kiosk, session, CODE).path("type").asText(), "the kiosk role may send it too");
        JsonNode ready = kiosk.await(sessionState(session, "face_in_progress"));
        assertFalse(ready.has("cardCode"), ready::toString);
        f.ok(kiosk, "type", "faceCapture", "session", session, "image", IMAGE);
        JsonNode result = kiosk.await(resultOf(session));
        assertEquals("verified", result.path("outcome").asText(), result::toString);
        assertFalse(f.auditLines().toString().contains(CODE), "照合番号B is never in the audit file");
    }

    @Test
    void pinCanBeChosenInsteadAndABlockedCounterEndsFaceMode() throws Exception {
        String session = codeEntry("pin-last-try");
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "pin");
        kiosk.await(sessionState(session, "pin_entry"));
        f.ok(staff, "type", "cancel", "session", session);
        kiosk.await(resultOf(session));
        f.remove(kiosk, R0);

        session = codeEntry("default");
        JsonNode last = null;
        for (int i = 9; i >= 1; i--) {
            assertEquals("reply", submit(staff, session, WRONG).path("type").asText());
            int left = i;
            last = kiosk.await(sessionState(session, "card_code_entry")
                    .and(m -> m.path("cardCode").path("retriesLeft").asInt() == left));
        }
        assertTrue(last.path("message").path("ja").asText().contains("残り1回"), last::toString);
        assertEquals("reply", submit(staff, session, WRONG).path("type").asText());
        JsonNode blocked = kiosk.await(sessionState(session, "pin_entry"));
        assertEquals("face_unavailable", blocked.path("notice").asText(), blocked::toString);
        assertEquals("[\"pin\"]", blocked.path("allowedModes").toString());
        assertTrue(blocked.path("message").path("ja").asText().contains("照合番号B"), blocked::toString);
        f.ok(staff, "type", "cancel", "session", session);
        kiosk.await(resultOf(session));
        f.remove(kiosk, R0);

        JsonNode again = f.placeAndChoose(kiosk, R0, "default");
        assertEquals("[\"pin\"]", again.path("allowedModes").toString(), "a blocked 照合番号B offers no face: " + again);
    }

    @Test
    void aCaptureThatShowsNoLifeIsAnAttemptWithItsOwnNotice() throws Exception {
        String session = codeEntry("default");
        submit(staff, session, CODE);
        kiosk.await(sessionState(session, "face_in_progress"));
        f.ok(kiosk, "type", "sim.face", "reader", R0, "outcome", "not_live");
        f.ok(kiosk, "type", "faceCapture", "session", session, "image", IMAGE);
        JsonNode notLive = kiosk.await(sessionState(session, "face_in_progress").and(m -> m.has("notice")));
        assertEquals("face_not_live", notLive.path("notice").asText());
        assertEquals(1, notLive.path("face").path("attempts").asInt());
        assertTrue(notLive.path("message").path("ja").asText().contains("まばたき"), notLive::toString);
    }
}
