package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.WsTestClient.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.security.SimulationClients;

/** The protocol additions over a real WebSocket: consent, history, document proofs (audited on close). */
class ConsentHistoryDocumentTest {

    private static ObjectNode consent(String session, boolean all, boolean extra) {
        ObjectNode m = object("type", "submitConsent", "session", session);
        ObjectNode a = m.putObject("answers");
        a.put("medication", true).put("treatment", false).put("health_checkup", true);
        if (all) {
            a.put("cost_limit", false);
        }
        if (extra) {
            a.put("unknown_item", true);
        }
        return m;
    }

    @Test
    void consentThenHistoryThenADocumentProof() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1), true)) {
            WsTestClient staff = f.client("staff");
            WsTestClient kiosk = f.client("kiosk", SimulationClients.KIOSK_TOKEN);
            String s = f.placeAndChoose(kiosk, R0, "default").path("session").asText();
            f.ok(kiosk, "type", "chooseMode", "session", s, "mode", "pin");
            kiosk.await(WsTestClient.sessionIn(R0, "pin_entry"));
            assertEquals("reply", f.submitPin(kiosk, s, "1234").path("type").asText());
            JsonNode asking = kiosk.await(WsTestClient.sessionState(s, "consent"));
            assertEquals("[\"medication\",\"treatment\",\"health_checkup\",\"cost_limit\"]",
                    asking.path("consent").path("items").toString());

            assertEquals("bad_request", f.command(kiosk, consent(s, false, false)).path("code").asText());
            assertEquals("bad_request", f.command(kiosk, consent(s, true, true)).path("code").asText());
            assertEquals("bad_state", f.command(staff, "type", "requestVisual", "session", s).path("code").asText());
            assertEquals("forbidden", f.command(kiosk, "type", "history").path("code").asText());
            assertEquals("forbidden", f.command(kiosk, "type", "recordDocument", "reader", R0, "document",
                    "mynaportal", "staff", "x").path("code").asText());
            assertEquals("reply", f.command(kiosk, consent(s, true, false)).path("type").asText());
            JsonNode result = kiosk.await(WsTestClient.resultOf(s));
            assertEquals("{\"medication\":true,\"treatment\":false,\"health_checkup\":true,\"cost_limit\":false}",
                    result.path("consent").toString());

            // A standalone document proof: a fresh session id, no certificate.
            f.remove(staff, R0);
            assertEquals("bad_request", f.command(staff, "type", "recordDocument", "reader", "nope", "document",
                    "mynaportal", "staff", "受付").path("code").asText());
            assertEquals("bad_request", f.command(staff, "type", "recordDocument", "reader", R0, "document",
                    "passport", "staff", "受付").path("code").asText());
            f.ok(staff, "type", "recordDocument", "reader", R0, "document", "shikaku_joho_oshirase", "staff", "受付 佐藤",
                    "note", "個人的なメモ");
            JsonNode doc = staff.await(WsTestClient.resultOn(R0).and(m -> "document".equals(m.path("method").asText())));
            assertEquals("verified", doc.path("outcome").asText());
            assertEquals("shikaku_joho_oshirase", doc.path("document").asText());
            assertFalse(doc.has("certificate"));
            assertFalse(doc.path("session").asText().equals(s));

            JsonNode history = f.command(staff, "type", "history");
            assertEquals("on", history.path("audit").asText());
            JsonNode entries = history.path("entries");
            assertEquals(2, entries.size(), history::toString);
            assertEquals(doc.path("session").asText(), entries.get(0).path("session").asText(), "newest first");
            assertEquals("shikaku_joho_oshirase", entries.get(0).path("document").asText());
            assertEquals("pin", entries.get(1).path("method").asText());
            assertEquals(result.path("consent"), entries.get(1).path("consent"));
            String text = history.toString();
            assertFalse(text.contains("個人的なメモ") || text.contains("certificateSerial") || text.contains("clients"),
                    "no note, serial or client names: " + text);
        }
    }

    @Test
    void historyWithTheAuditFileOffSaysSo() throws Exception {
        DaemonConfig config = DaemonConfig.defaults().withPort(0).withAuditFile("off");
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(config, 1))) {
            JsonNode history = f.command(f.client("staff"), "type", "history");
            assertEquals("off", history.path("audit").asText());
            assertTrue(history.path("entries").isArray() && history.path("entries").isEmpty());
        }
    }
}
