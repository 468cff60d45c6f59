package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.sessionIn;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;

/**
 * A card that leaves during VERIFY (the simulator's {@code drop-verify-after}: the card counts the
 * wrong PIN, then the link drops). Before, the try was spent (3 → 2) but the result said only
 * {@code aborted/card_removed}, the audit did not show that a VERIFY was sent, and the next session
 * showed 2 tries without a word. Now the result carries {@code notice: card_error} and says the try
 * may be gone, the audit line says {@code verify: unknown}, and the card's next session explains.
 */
class VerifyOutcomeUnknownTest {

    @Test
    void aCardThatLeavesDuringVerifySaysSoNowAndNextTime() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1))) {
            WsTestClient staff = f.client("staff");
            String s1 = f.placeAndChoose(staff, R0, "default").path("session").asText();
            f.ok(staff, "type", "sim.fault", "reader", R0, "fault", "drop-verify-after");
            f.ok(staff, "type", "chooseMode", "session", s1, "mode", "pin");
            staff.await(sessionIn(R0, "pin_entry"));
            f.submitPin(staff, s1, "9999");
            JsonNode result = staff.await(resultOf(s1));
            assertEquals("aborted", result.path("outcome").asText(), result::toString);
            assertEquals("card_removed", result.path("reason").asText());
            assertEquals("card_error", result.path("notice").asText(), result::toString);
            assertTrue(result.path("message").path("ja").asText().contains("照合中"), result::toString);
            assertTrue(result.path("message").path("en").asText().contains("may"), result::toString);
            JsonNode line = f.auditLines().stream().filter(l -> l.path("session").asText().equals(s1)).findFirst()
                    .orElseThrow();
            assertEquals("unknown", line.path("verify").asText(), line::toString);

            // The patient places the card again: 2 tries, and the reason why.
            JsonNode next = f.placeAndChoose(staff, R0, "default");
            assertEquals(2, next.path("pin").path("retriesLeft").asInt(), next::toString);
            assertEquals("card_error", next.path("notice").asText(), next::toString);
            assertTrue(next.path("message").path("ja").asText().contains("前回"), next::toString);
            f.remove(staff, R0);
            staff.await(resultOf(next.path("session").asText()));

            // Once explained, it is not repeated.
            JsonNode third = f.placeAndChoose(staff, R0, "default");
            assertFalse(third.has("notice"), third::toString);
        }
    }

    @Test
    void aDropBeforeTheCardCountedIsJustAsUnknownToTheDaemon() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1))) {
            WsTestClient staff = f.client("staff");
            String s1 = f.placeAndChoose(staff, R0, "default").path("session").asText();
            f.ok(staff, "type", "sim.fault", "reader", R0, "fault", "drop-verify-before");
            f.ok(staff, "type", "chooseMode", "session", s1, "mode", "pin");
            staff.await(sessionIn(R0, "pin_entry"));
            f.submitPin(staff, s1, "1234");
            JsonNode result = staff.await(resultOf(s1));
            assertEquals("card_error", result.path("notice").asText(), result::toString);
            JsonNode next = f.placeAndChoose(staff, R0, "default");
            assertEquals(3, next.path("pin").path("retriesLeft").asInt(), "the card did not count it");
            assertEquals("card_error", next.path("notice").asText());
        }
    }

    @Test
    void anUnknownFaultIsRefusedWithTheKnownOnes() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1))) {
            WsTestClient staff = f.client("staff");
            f.insert(staff, R0, "default");
            JsonNode answer = f.command(staff, "type", "sim.fault", "reader", R0, "fault", "melt");
            assertEquals("bad_request", answer.path("code").asText(), answer::toString);
            assertTrue(answer.path("message").path("en").asText().contains("drop-verify-after"), answer::toString);
        }
    }
}
