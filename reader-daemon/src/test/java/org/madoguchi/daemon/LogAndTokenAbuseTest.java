package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.MetricsAndHealthTest.metric;
import static org.madoguchi.daemon.WsTestClient.type;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.security.AuthThrottle;
import org.madoguchi.daemon.security.SimulationClients;

/**
 * Logs cannot be forged or flooded from outside, and tokens cannot be guessed at full speed
 * (before: a {@code client} with a newline and an escape code wrote a forged line; ~3,000 wrong
 * tokens a second were checked, each writing 3 log lines; refused Hosts ≈ 1.5 MB/s of log).
 */
class LogAndTokenAbuseTest {
    private static final String FORGED = "x\n07:59:59.999 ERROR [main] o.m.d.Daemon - FAKE\u001b[31m\u2028\u202e";

    @Test
    void aClientNameCannotStartALineOrColourTheLog() throws Exception {
        try (LogLines logs = LogLines.capture();
                DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1));
                RawWebSocket plain = RawWebSocket.open(f.daemon.port(), new Random(1));
                RawWebSocket wrong = RawWebSocket.open(f.daemon.port(), new Random(2))) {
            plain.sendText(hello(FORGED, null));
            plain.awaitJson(type("welcome"));
            wrong.sendText(hello(FORGED, "not-a-configured-token-0000"));
            wrong.awaitJson(type("welcome"));
            List<String> mentioning = logs.containing("FAKE");
            assertTrue(mentioning.size() >= 2, "the name is logged (escaped): " + logs.lines());
            for (String line : logs.lines()) {
                assertFalse(line.contains("\n") || line.contains("\r"), "a line break in: " + line);
                assertFalse(line.chars().anyMatch(c -> c == 0x1b || c == 0x2028 || c == 0x202e), "control in: " + line);
            }
            assertTrue(mentioning.get(0).contains("\"x\\u000a07:59:59.999 ERROR [main]"), mentioning.get(0));
        }
    }

    @Test
    void wrongTokensAreThrottledAndTheirLogLinesBounded() throws Exception {
        try (LogLines logs = LogLines.capture();
                DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1))) {
            int port = f.daemon.port();
            Random random = new Random(3);
            int welcomed = 0;
            int throttled = 0;
            for (int i = 0; i < 200; i++) {
                try (RawWebSocket ws = RawWebSocket.open(port, random)) {
                    ws.sendText(hello("guess-" + i, String.format("guess-%026d", i)));
                    JsonNode answer = ws.awaitJson(m -> true);
                    if (answer.path("type").asText().equals("welcome")) {
                        welcomed++;
                    } else {
                        assertEquals("rate_limited", answer.path("code").asText(), answer::toString);
                        assertEquals(1008, closeStatus(ws));
                        throttled++;
                    }
                }
            }
            assertTrue(welcomed <= AuthThrottle.SOURCE_BURST + 3, "tokens checked: " + welcomed);
            assertEquals(200, welcomed + throttled);
            assertTrue(logs.containing("token that is not configured").size() <= 11, logs.lines()::toString);
            assertTrue(logs.containing("refused without checking").size() <= 11, logs.lines()::toString);
            assertTrue(metric(f.get("/metrics"), "madoguchi_connections_refused_total{reason=\"auth_throttled\"")
                    >= 150);

            // A kiosk that comes during the attack may be refused too; once the guessing stops, it is back.
            Thread.sleep(Duration.ofSeconds(1).toMillis());
            try (RawWebSocket kiosk = RawWebSocket.open(port, random)) {
                kiosk.sendText(hello("kiosk-1", SimulationClients.KIOSK_TOKEN));
                assertEquals("kiosk", kiosk.awaitJson(type("welcome")).path("role").asText());
            }
        }
    }

    @Test
    void refusedHostsAreCountedEveryTimeButLoggedAFewTimes() throws Exception {
        try (LogLines logs = LogLines.capture();
                DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1))) {
            Random random = new Random(4);
            for (int i = 0; i < 300; i++) {
                try (RawWebSocket ws = RawWebSocket.connect(f.daemon.port(), random)) {
                    assertEquals(403, ws.request("/health", "rebind-" + i + ".example", null, false).status());
                }
            }
            assertEquals(300.0, metric(f.get("/metrics"), "madoguchi_connections_refused_total{reason=\"host\""));
            List<String> lines = logs.containing("is not this daemon");
            assertTrue(lines.size() <= 10, lines.size() + " lines");
        }
    }

    private static String hello(String client, String token) {
        ObjectNode n = WsTestClient.JSON.createObjectNode().put("type", "hello").put("client", client);
        if (token != null) {
            n.put("token", token);
        }
        return n.toString();
    }

    private static int closeStatus(RawWebSocket ws) throws IOException {
        RawWebSocket.Frame f = ws.read(Duration.ofSeconds(5));
        return f == null ? -1 : f.closeStatus();
    }
}
