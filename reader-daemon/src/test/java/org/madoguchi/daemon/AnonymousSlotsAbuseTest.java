package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.WsTestClient.type;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.LimitsConfig;
import org.madoguchi.daemon.security.SimulationClients;

/**
 * Before, 32 tokenless observers could hold every connection slot, and the kiosk got 503.
 * Connections without a configured token now have a share of their own
 * ({@code limits.anonymousConnections}); past it the oldest is closed (1008), and a configured
 * client always finds a slot while any tokenless one is open.
 */
class AnonymousSlotsAbuseTest {

    @Test
    void tokenlessConnectionsCannotKeepTheKioskOut() throws Exception {
        LimitsConfig limits = new LimitsConfig(30, 60, 6).withAnonymousConnections(2);
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(
                DaemonConfig.defaults().withPort(0).withLimits(limits), 1))) {
            int port = f.daemon.port();
            Random random = new Random(5);
            List<RawWebSocket> tokenless = new ArrayList<>();
            try {
                for (int i = 0; i < 12; i++) { // twice the whole limit
                    RawWebSocket ws = RawWebSocket.open(port, random);
                    tokenless.add(ws);
                    ws.sendText("{\"type\":\"hello\",\"client\":\"dashboard-" + i + "\"}");
                }
                int stillOpen = 0;
                for (RawWebSocket ws : tokenless) {
                    if (open(ws)) {
                        stillOpen++;
                    }
                }
                assertEquals(2, stillOpen, "only limits.anonymousConnections tokenless connections stay");
                for (int k = 0; k < 5; k++) { // the fixture's observer holds the sixth slot
                    RawWebSocket kiosk = RawWebSocket.open(port, random);
                    tokenless.add(kiosk);
                    kiosk.sendText("{\"type\":\"hello\",\"client\":\"kiosk-" + k + "\",\"token\":\""
                            + SimulationClients.KIOSK_TOKEN + "\"}");
                    assertEquals("kiosk", kiosk.awaitJson(type("welcome")).path("role").asText());
                }
                RawWebSocket.HttpResponse full = RawWebSocket.connect(port, random)
                        .request("/v1/ws", "127.0.0.1:" + port, null, true);
                assertEquals(503, full.status(), "all six slots hold configured clients: " + full);
            } finally {
                tokenless.forEach(RawWebSocket::close);
            }
        }
    }

    /** Reads what the daemon sent; false when it closed the connection (1008) or hung up. */
    private static boolean open(RawWebSocket ws) throws IOException {
        try {
            while (true) {
                RawWebSocket.Frame frame = ws.read(Duration.ofMillis(700));
                if (frame == null) {
                    return false;
                }
                if (frame.opcode() == RawWebSocket.CLOSE) {
                    assertEquals(1008, frame.closeStatus());
                    return false;
                }
            }
        } catch (java.net.SocketTimeoutException quiet) {
            return true;
        } catch (IOException reset) {
            return false;
        }
    }

    @Test
    void theShareDefaultsToEightAndNeverExceedsTheLimit() {
        assertEquals(8, LimitsConfig.DEFAULT.anonymousConnections());
        assertEquals(3, new LimitsConfig(30, 60, 3).anonymousConnections());
        assertTrue(LimitsConfig.DEFAULT.pendingConnections() >= 1);
    }
}
