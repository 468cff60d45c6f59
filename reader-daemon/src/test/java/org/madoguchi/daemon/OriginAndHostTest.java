package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.MetricsAndHealthTest.metric;
import static org.madoguchi.daemon.WsTestClient.reply;
import static org.madoguchi.daemon.WsTestClient.sessionIn;
import static org.madoguchi.daemon.WsTestClient.type;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.RawWebSocket.HttpResponse;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.LimitsConfig;
import org.madoguchi.daemon.security.SimulationClients;

/**
 * {@code Host} and {@code Origin} checks and the connection limit, over raw sockets: a refused
 * request gets one HTTP answer and a closed connection, nothing else, and nobody else notices.
 */
class OriginAndHostTest {
    private static final String CLINIC = "https://reception.clinic.example";
    private static final Duration EOF_WAIT = Duration.ofSeconds(10);

    private static DaemonFixture daemon() throws Exception {
        return new DaemonFixture(DaemonSettings.simulated(
                DaemonConfig.defaults().withPort(0).withAllowedOrigins(List.of(CLINIC)), 1));
    }

    /** Sends one request on a fresh connection; returns the answer after checking that nothing follows it. */
    private static HttpResponse refusedOnly(int port, String path, String host, String origin, boolean upgrade)
            throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(port, new Random(port))) {
            HttpResponse r = ws.request(path, host, origin, upgrade);
            assertArrayEquals(new byte[0], ws.readToEof(EOF_WAIT),
                    "after a refusal the connection closes with nothing more: no 101, no frame");
            assertEquals("close", r.header("Connection"), r.toString());
            assertEquals("application/json; charset=utf-8", r.header("Content-Type"), r.toString());
            return r;
        }
    }

    private static void assertRefused(HttpResponse r, int status, String code) throws IOException {
        assertEquals(status, r.status(), r.toString());
        assertEquals(code, WsTestClient.JSON.readTree(r.body()).path("code").asText(), r.toString());
    }

    @Test
    void aForeignOriginOrHostGetsA403AndNothingElseAndNobodyNotices() throws Exception {
        try (DaemonFixture f = daemon()) {
            int port = f.daemon.port();
            int otherPort = port == 65535 ? port - 1 : port + 1;
            WsTestClient watcher = f.client("watcher");
            double clients = metric(f.get("/metrics"), "madoguchi_clients_connected");
            assertTrue(clients >= 1, "the watcher (and any connection the fixture keeps) is counted");

            List<String> badOrigins = List.of("https://evil.example", "null", "http://reception.clinic.example",
                    "https://reception.clinic.example.evil.example", "https://reception.clinic.example:8443",
                    "http://127.0.0.1:" + otherPort);
            for (String origin : badOrigins) {
                assertRefused(refusedOnly(port, "/v1/ws", "127.0.0.1:" + port, origin, true), 403, "forbidden_origin");
            }
            assertRefused(refusedOnly(port, "/health", "127.0.0.1:" + port, "https://evil.example", false),
                    403, "forbidden_origin");

            List<String> badHosts = List.of("evil.example:" + port, "127.0.0.1:" + otherPort, "evil.example",
                    "127.0.0.1", "localhost.evil.example:" + port);
            for (String host : badHosts) {
                assertRefused(refusedOnly(port, "/v1/ws", host, null, true), 403, "forbidden_host");
            }
            assertRefused(refusedOnly(port, "/v1/ws", null, null, true), 400, "bad_request"); // no Host at all: no browser
            assertRefused(refusedOnly(port, "/health", "evil.example:" + port, null, false), 403, "forbidden_host");
            // A foreign Host is refused first, even with an allowed Origin.
            assertRefused(refusedOnly(port, "/v1/ws", "evil.example:" + port, CLINIC, true), 403, "forbidden_host");

            watcher.send(WsTestClient.object("type", "ping", "id", "after"));
            watcher.await(reply("after"));
            assertEquals(List.of("welcome", "reply"), watcher.seen().stream().map(m -> m.path("type").asText()).toList(),
                    "the refused requests caused no event for a connected client");

            String scrape = f.get("/metrics");
            assertEquals(badOrigins.size() + 1.0, metric(scrape, "madoguchi_connections_refused_total{reason=\"origin\""),
                    scrape);
            assertEquals(badHosts.size() + 2.0, metric(scrape, "madoguchi_connections_refused_total{reason=\"host\""),
                    scrape);
            assertEquals(1.0, metric(scrape, "madoguchi_connections_refused_total{reason=\"malformed\""), scrape);
            assertEquals(clients, metric(scrape, "madoguchi_clients_connected"), "the clients gauge did not move");
        }
    }

    @Test
    void noOriginTheAllowedOriginAndTheDaemonsOwnOriginsConnect() throws Exception {
        try (DaemonFixture f = daemon()) {
            int port = f.daemon.port();
            Random random = new Random(7);
            try (RawWebSocket ws = RawWebSocket.open(port, random)) { // a non-browser client: no Origin
                ws.sendText("{\"type\":\"hello\",\"client\":\"raw\",\"token\":\"" + SimulationClients.STAFF_TOKEN + "\"}");
                assertEquals("staff", ws.awaitJson(type("welcome")).path("role").asText());
                ws.sendText("{\"type\":\"sim.insert\",\"id\":\"i1\",\"reader\":\"" + R0 + "\",\"profile\":\"default\"}");
                assertEquals("reply", ws.awaitJson(reply("i1")).path("type").asText());
                JsonNode session = ws.awaitJson(sessionIn(R0, "choose_mode"));
                ws.sendText("{\"type\":\"ping\",\"id\":\"p1\"}");
                assertEquals("reply", ws.awaitJson(reply("p1")).path("type").asText());
                ws.sendText("{\"type\":\"sim.remove\",\"id\":\"r1\",\"reader\":\"" + R0 + "\"}");
                assertEquals("reply", ws.awaitJson(reply("r1")).path("type").asText());
                JsonNode result = ws.awaitJson(type("result"));
                assertEquals(session.path("session").asText(), result.path("session").asText());
                assertEquals("card_removed", result.path("reason").asText(), result.toString());
            }
            List<String[]> allowed = List.of(
                    new String[] {"127.0.0.1:" + port, CLINIC},
                    new String[] {"127.0.0.1:" + port, "HTTPS://Reception.Clinic.Example/"},
                    new String[] {"127.0.0.1:" + port, "http://127.0.0.1:" + port},
                    new String[] {"localhost:" + port, "http://localhost:" + port},
                    new String[] {"LOCALHOST:" + port, null});
            for (String[] hostAndOrigin : allowed) {
                try (RawWebSocket ws = RawWebSocket.connect(port, random)) {
                    HttpResponse r = ws.request("/v1/ws", hostAndOrigin[0], hostAndOrigin[1], true);
                    assertEquals(101, r.status(), () -> List.of(hostAndOrigin) + ": " + r);
                    assertTrue(ws.acceptMatches(r), r.toString());
                    ws.sendText("{\"type\":\"hello\",\"client\":\"page\",\"token\":\"" + SimulationClients.KIOSK_TOKEN + "\"}");
                    assertEquals("kiosk", ws.awaitJson(type("welcome")).path("role").asText());
                    ws.sendText("{\"type\":\"ping\",\"id\":\"p\"}");
                    assertEquals("reply", ws.awaitJson(reply("p")).path("type").asText());
                }
            }
        }
    }

    @Test
    void overTheConnectionLimitTheNextUpgradeGets503UntilOneCloses() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(
                DaemonConfig.defaults().withPort(0).withLimits(new LimitsConfig(30, 60, 3)), 1))) {
            int port = f.daemon.port();
            Random random = new Random(11);
            List<RawWebSocket> open = new ArrayList<>();
            // Three WebSockets in all: the test's, and any the fixture keeps open (each said hello with a
            // configured token: connections without one would be closed to make room, not refused).
            int already = WsTestClient.JSON.readTree(f.get("/health")).path("clients").asInt();
            assertTrue(already < 3, "the fixture keeps " + already + " connections open");
            try {
                for (int i = already; i < 3; i++) {
                    RawWebSocket ws = RawWebSocket.open(port, random);
                    open.add(ws);
                    // The welcome proves the daemon counts this connection (it counts at the end of the handshake).
                    ws.sendText("{\"type\":\"hello\",\"client\":\"c" + i + "\",\"token\":\""
                            + SimulationClients.KIOSK_TOKEN + "\"}");
                    assertEquals("kiosk", ws.awaitJson(type("welcome")).path("role").asText());
                }
                assertRefused(refusedOnly(port, "/v1/ws", "127.0.0.1:" + port, null, true), 503, "too_many_connections");
                assertEquals("ok", WsTestClient.JSON.readTree(f.get("/health")).path("status").asText(),
                        "plain HTTP is not counted against the WebSocket limit");

                RawWebSocket first = open.remove(0);
                first.send(true, RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xe8});
                RawWebSocket.Frame echo = first.read(EOF_WAIT);
                assertEquals(1000, echo.closeStatus(), echo.toString());
                first.readToEof(EOF_WAIT);
                first.close();

                // The daemon notices the closed connection on its own thread: try again for a while.
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                RawWebSocket again = null;
                while (again == null) {
                    RawWebSocket ws = RawWebSocket.connect(port, random);
                    HttpResponse r = ws.request("/v1/ws", "127.0.0.1:" + port, null, true);
                    if (r.status() == 101) {
                        again = ws;
                    } else {
                        ws.close();
                        assertEquals(503, r.status(), r.toString());
                        if (System.nanoTime() > deadline) {
                            fail("still refused 10 s after a connection closed");
                        }
                        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                    }
                }
                open.add(again);
                again.sendText("{\"type\":\"hello\",\"client\":\"again\",\"token\":\""
                        + SimulationClients.KIOSK_TOKEN + "\"}");
                again.awaitJson(type("welcome"));
                assertRefused(refusedOnly(port, "/v1/ws", "127.0.0.1:" + port, null, true), 503, "too_many_connections");
                assertTrue(metric(f.get("/metrics"), "madoguchi_connections_refused_total{reason=\"connections\"") >= 2);
            } finally {
                open.forEach(RawWebSocket::close);
            }
        }
    }
}
