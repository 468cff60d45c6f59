package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.sessionState;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;

/** {@code /metrics} and {@code /health} after real sessions. */
class MetricsAndHealthTest {

    /** The value of the first sample whose name and labels start with {@code prefix}; 0 when absent. */
    static double metric(String scrape, String prefix) {
        Matcher m = Pattern.compile("^" + Pattern.quote(prefix) + "[^ ]* ([0-9.eE+-]+|NaN)$", Pattern.MULTILINE)
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    @Test
    void metricsCountSessionsPinFailuresLockoutsVisualApdusAndClients() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1))) {
            WsTestClient staff = f.client("staff");
            f.client("observer");
            String s1 = f.placeAndChoose(staff, R0, "pin-last-try").path("session").asText();
            f.ok(staff, "type", "chooseMode", "session", s1, "mode", "pin");
            f.ok(staff, "type", "confirmLastTry", "session", s1);
            f.submitPin(staff, s1, "4321");
            staff.await(sessionState(s1, "visual_pending"));
            f.ok(staff, "type", "confirmVisual", "session", s1, "staff", "田中");
            staff.await(resultOf(s1));
            f.remove(staff, R0);
            String s2 = f.placeAndChoose(staff, R0, "default").path("session").asText();
            f.ok(staff, "type", "chooseMode", "session", s2, "mode", "pin");
            f.submitPin(staff, s2, "1111");
            staff.await(sessionState(s2, "pin_entry"));
            f.submitPin(staff, s2, "1234");
            staff.await(resultOf(s2));

            String scrape = f.get("/metrics");
            assertEquals(1.0, metric(scrape, "madoguchi_sessions_total{method=\"visual\",outcome=\"verified\""), scrape);
            assertEquals(1.0, metric(scrape, "madoguchi_sessions_total{method=\"pin\",outcome=\"verified\""), scrape);
            assertEquals(1.0, metric(scrape, "madoguchi_visual_confirmations_total"), scrape);
            assertEquals(2.0, metric(scrape, "madoguchi_pin_failures_total"), scrape);
            assertEquals(1.0, metric(scrape, "madoguchi_pin_lockouts_total"), scrape);
            // The two clients above and the fixture's own observer (it checks the audit file on close).
            assertEquals(3.0, metric(scrape, "madoguchi_clients_connected"), scrape);
            assertTrue(scrape.contains("\nmadoguchi_sessions_live 0.0\n"), scrape);
            assertTrue(metric(scrape, "madoguchi_apdus_total") > 20, scrape);
            assertEquals(2.0, metric(scrape, "madoguchi_card_operation_seconds_count{operation=\"prepare\""), scrape);
            assertEquals(3.0, metric(scrape,
                    "madoguchi_card_operation_seconds_count{operation=\"verify_and_sign\""), scrape);
            // As a value of its own, not as digits inside a timing such as 0.001234.
            assertTrue(java.util.stream.Stream.of("1234", "4321", "1111").noneMatch(pin ->
                    java.util.regex.Pattern.compile("(?<![0-9.])" + pin + "(?![0-9])").matcher(scrape).find()),
                    "no PIN in the metrics");
        }
    }

    @Test
    void healthShowsBackendReadersSessionsClientsAndUptime() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 2))) {
            WsTestClient c = f.client("desk");
            String session = f.placeAndChoose(c, R0, "default").path("session").asText();
            JsonNode health = WsTestClient.JSON.readTree(f.get("/health"));
            assertEquals("ok", health.path("status").asText());
            assertEquals("simulated", health.path("backend").asText());
            assertTrue(health.path("uptimeSeconds").isIntegralNumber());
            assertEquals(2, health.path("clients").asInt(), "the desk and the fixture's audit observer");
            JsonNode r0 = health.path("readers").path(0);
            assertEquals(R0, r0.path("reader").asText());
            assertEquals("my_number_card", r0.path("card").path("kind").asText());
            assertEquals(3, r0.path("card").path("pin").path("retriesLeft").asInt());
            assertEquals(session, r0.path("session").path("session").asText());
            assertEquals("choose_mode", r0.path("session").path("state").asText());
            assertTrue(health.path("readers").path(1).path("card").isNull());
        }
    }
}
