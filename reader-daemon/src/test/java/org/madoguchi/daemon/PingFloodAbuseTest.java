package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.MetricsAndHealthTest.metric;
import static org.madoguchi.daemon.WsTestClient.type;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.LimitsConfig;

/**
 * WebSocket pings from a client that never reads the pongs (issue: 400 MB of pings took the daemon
 * from 327 MB to 1.4 GB RSS, never closed). Pings count against the message rate, and the unread
 * bound covers pongs like any other frame. Loops are bounded.
 */
class PingFloodAbuseTest {
    private static final byte[] PAYLOAD = new byte[125];

    static {
        Arrays.fill(PAYLOAD, (byte) 'p');
    }

    @Test
    void aPingFloodWithoutHelloGetsAFewPongsThenIsClosedWith1008() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1));
                RawWebSocket ws = RawWebSocket.open(f.daemon.port(), new Random(1))) {
            int sent = sendPings(ws, 20_000);
            int pongs = 0;
            RawWebSocket.Frame close = null;
            for (int i = 0; i < 25_000; i++) {
                RawWebSocket.Frame frame = ws.read(Duration.ofSeconds(5));
                if (frame == null) {
                    break;
                }
                if (frame.opcode() == RawWebSocket.PONG) {
                    pongs++;
                } else if (frame.opcode() == RawWebSocket.CLOSE) {
                    close = frame;
                    break;
                }
            }
            assertTrue(sent > LimitsConfig.DEFAULT_BURST * 2, "the flood was sent: " + sent);
            assertTrue(pongs <= LimitsConfig.DEFAULT_BURST + 5, "pongs answered: " + pongs + " of " + sent);
            assertNotNull(close, "the flooder is closed");
            assertEquals(1008, close.closeStatus());
            assertTrue(metric(f.get("/metrics"), "madoguchi_connections_refused_total{reason=\"flood\"") >= 1);
        }
    }

    @Test
    void pingsSpendTheSameRateAsMessages() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1));
                RawWebSocket ws = RawWebSocket.open(f.daemon.port(), new Random(2))) {
            ws.sendText("{\"type\":\"hello\",\"client\":\"pinger\"}");
            ws.awaitJson(type("welcome"));
            for (int i = 0; i < LimitsConfig.DEFAULT_BURST; i++) {
                ws.send(true, RawWebSocket.PING, PAYLOAD);
            }
            ws.sendText("{\"type\":\"ping\",\"id\":\"after-the-pings\"}");
            JsonNode answer = ws.awaitJson(m -> "after-the-pings".equals(m.path("id").asText()));
            assertEquals("error", answer.path("type").asText(), answer::toString);
            assertEquals("rate_limited", answer.path("code").asText(), answer::toString);
        }
    }

    @Test
    void aClientThatNeverReadsItsPongsIsClosedOnceAtTheUnreadBound() throws Exception {
        // A rate so high that only the unread bound can stop the pongs.
        DaemonConfig config = DaemonConfig.defaults().withPort(0).withLimits(new LimitsConfig(100_000, 1_000_000, 32));
        try (LogLines logs = LogLines.capture();
                DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(config, 1));
                RawWebSocket ws = RawWebSocket.open(f.daemon.port(), new Random(3))) {
            ws.sendText("{\"type\":\"hello\",\"client\":\"deaf\"}");
            int sent = sendPings(ws, 400_000); // 50 MB of pings at most; the daemon closes long before
            boolean closed = sent < 400_000; // the daemon hung up while we were still sending
            try {
                for (int i = 0; i < 500_000 && !closed; i++) {
                    RawWebSocket.Frame frame = ws.read(Duration.ofSeconds(5));
                    closed = frame == null || frame.opcode() == RawWebSocket.CLOSE;
                }
            } catch (IOException reset) {
                closed = true; // unread pongs were dropped with the connection
            }
            assertTrue(closed, "the connection was closed");
            String scrape = f.get("/metrics");
            assertEquals(1.0, metric(scrape, "madoguchi_connections_refused_total{reason=\"slow\""),
                    "counted once: " + scrape);
            assertEquals(1, logs.containing("does not read its messages").size(), logs.lines()::toString);
        }
    }

    /** Sends up to {@code n} pings without reading; stops when the daemon has closed the connection. */
    private static int sendPings(RawWebSocket ws, int n) {
        byte[] frame = ws.frame(true, RawWebSocket.PING, PAYLOAD, true);
        byte[] batch = new byte[frame.length * 100];
        for (int i = 0; i < 100; i++) {
            System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
        }
        int sent = 0;
        try {
            while (sent < n) {
                ws.write(batch);
                sent += 100;
            }
        } catch (IOException closed) {
            // the daemon closed the connection: that is the point
        }
        return sent;
    }
}
