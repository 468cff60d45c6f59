package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.MetricsAndHealthTest.metric;
import static org.madoguchi.daemon.WsTestClient.reply;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.type;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.security.SimulationClients;
import org.madoguchi.daemon.web.ClientConnection;

/** The per-connection rate limit at its defaults (30 messages a second, burst 60). */
class FloodTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** What a flooding connection got back, in order, until the daemon closed it. */
    private record Flood(int replies, int rateLimited, List<String> other, RawWebSocket.Frame close,
            List<RawWebSocket.Frame> afterClose, String ending) {
    }

    private static Flood readFlood(RawWebSocket a) throws IOException {
        int replies = 0;
        int rateLimited = 0;
        List<String> other = new ArrayList<>();
        while (true) {
            RawWebSocket.Frame frame;
            try {
                frame = a.read(WAIT);
            } catch (SocketException e) {
                return new Flood(replies, rateLimited, other, null, List.of(), "reset before a close frame");
            }
            if (frame == null) {
                return new Flood(replies, rateLimited, other, null, List.of(), "EOF before a close frame");
            }
            if (frame.opcode() == RawWebSocket.CLOSE) {
                List<RawWebSocket.Frame> after = new ArrayList<>();
                String ending = "EOF";
                try {
                    for (RawWebSocket.Frame f = a.read(WAIT); f != null; f = a.read(WAIT)) {
                        after.add(f);
                    }
                } catch (SocketException e) {
                    ending = "reset"; // the daemon closed with our unread pings still in its buffer
                }
                return new Flood(replies, rateLimited, other, frame, after, ending);
            }
            JsonNode m = WsTestClient.JSON.readTree(frame.text());
            if (type("reply").test(m)) {
                replies++;
            } else if (type("error").test(m) && m.path("code").asText().equals("rate_limited")) {
                rateLimited++;
            } else if (!List.of("session", "reader", "result").contains(m.path("type").asText())) {
                other.add(frame.text()); // events of the other client's session are expected; nothing else
            }
        }
    }

    /** {@code count} pings in one write: a client flooding as fast as it can, reading nothing in between. */
    private static byte[] pings(RawWebSocket a, String prefix, int count) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            all.writeBytes(a.frame(true, RawWebSocket.TEXT,
                    ("{\"type\":\"ping\",\"id\":\"" + prefix + i + "\"}").getBytes(StandardCharsets.UTF_8), true));
        }
        return all.toByteArray();
    }

    private static RawWebSocket flooder(DaemonFixture f, long seed) throws IOException {
        RawWebSocket a = RawWebSocket.open(f.daemon.port(), new Random(seed));
        a.sendText("{\"type\":\"hello\",\"client\":\"flooder\",\"token\":\"" + SimulationClients.STAFF_TOKEN + "\"}");
        a.awaitJson(type("welcome"));
        return a;
    }

    /**
     * 1,000 pings (40 KB) in one write: burst, then {@code rate_limited}, then close 1008. The flood
     * is sized so that the daemon has read all of it when it closes (see {@link #aLongerFlood}).
     */
    @Test
    void aFloodingClientIsRefusedThenClosedWith1008WhileAnotherFinishesAPinSession() throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1));
                RawWebSocket a = flooder(f, 5)) {
            WsTestClient b = f.client("desk");
            String session = f.placeAndChoose(b, R0, "default").path("session").asText();
            f.ok(b, "type", "chooseMode", "session", session, "mode", "pin");

            Future<Flood> answers = reader.submit(() -> readFlood(a));
            a.write(pings(a, "flood-", 1000));
            assertEquals("reply", f.submitPin(b, session, "1234").path("type").asText());
            JsonNode result = b.await(resultOf(session));
            assertEquals("verified", result.path("outcome").asText(), result.toString());
            assertEquals("pin", result.path("method").asText(), result.toString());

            Flood flood = answers.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            System.out.printf("flood of 1000: %d replies, %d rate_limited, close %s, then %s%n", flood.replies(),
                    flood.rateLimited(), flood.close(), flood.ending());
            assertTrue(flood.replies() >= 59, "the burst (60, less the hello) is served: " + flood);
            assertTrue(flood.rateLimited() >= 1, "then rate_limited: " + flood);
            assertTrue(flood.replies() + flood.rateLimited() < 1000, "the rest is never answered: " + flood);
            assertEquals(List.of(), flood.other(), "nothing but replies, rate_limited and events");
            assertTrue(flood.close() != null, "closed with a close frame: " + flood);
            assertEquals(ClientConnection.CLOSE_POLICY, flood.close().closeStatus(), flood.toString());
            assertEquals(List.of(), flood.afterClose(), "no frame after the close frame");
            assertEquals("EOF", flood.ending(), flood.toString());

            assertTrue(b.seen().stream().noneMatch(type("error")), "the other client saw no error: " + b.seen());
            String scrape = f.get("/metrics");
            assertEquals(1.0, metric(scrape, "madoguchi_connections_refused_total{reason=\"flood\""), scrape);
            assertTrue(metric(scrape, "madoguchi_messages_refused_total{code=\"rate_limited\"") >= 1, scrape);

            WsTestClient again = f.client("flooder-again"); // same machine, new connection: served again
            f.ok(again, "type", "ping");
            assertEquals("ok", WsTestClient.JSON.readTree(f.get("/health")).path("status").asText());
        } finally {
            reader.shutdownNow();
        }
    }

    /**
     * 5,000 pings, one write each, while reading. The daemon closes the connection as soon as it has
     * written its close 1008, while most of the flood is still unread in its socket: Linux then resets
     * the connection and drops what the daemon had written but not yet sent, often the close frame
     * (a third of the runs on an idle machine) and, when the client reads slowly, replies too (25 of 59
     * under CPU load). So this asserts what such a client can count on: only replies and
     * {@code rate_limited} come, then the connection ends, and the daemon counts one flood.
     */
    @Test
    void aLongerFlood() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1));
                RawWebSocket a = flooder(f, 6)) {
            Future<Flood> answers = threads.submit(() -> readFlood(a));
            Future<Integer> sent = threads.submit(() -> {
                int n = 0;
                try {
                    for (; n < 5000; n++) {
                        a.sendText("{\"type\":\"ping\",\"id\":\"long-" + n + "\"}");
                    }
                } catch (IOException e) {
                    // the daemon closed the connection under the flood
                }
                return n;
            });
            Flood flood = answers.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            int pings = sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            System.out.printf("flood of 5000: %d written, %d replies, %d rate_limited, close %s, then %s%n", pings,
                    flood.replies(), flood.rateLimited(), flood.close(), flood.ending());
            assertEquals(List.of(), flood.other(), "nothing but replies and rate_limited");
            assertTrue(flood.replies() + flood.rateLimited() < pings, "cut short: " + flood);
            assertTrue(flood.close() == null || flood.close().closeStatus() == ClientConnection.CLOSE_POLICY,
                    flood.toString());
            assertEquals(List.of(), flood.afterClose(), "no frame after the close frame");
            assertEquals(1.0, metric(f.get("/metrics"), "madoguchi_connections_refused_total{reason=\"flood\""));
            f.ok(f.client("after"), "type", "ping");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aClientJustUnderTheRateIsNeverRefused() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1))) {
            WsTestClient c = f.client("steady"); // hello: 1 message of the burst of 60
            for (int i = 0; i < 50; i++) {
                c.send(WsTestClient.object("type", "ping", "id", "burst-" + i));
            }
            for (int i = 0; i < 50; i++) {
                assertEquals("reply", c.await(reply("burst-" + i)).path("type").asText());
            }
            // About 9 tokens left; now 25 messages at 20 a second (below 30): the bucket refills faster
            // than it drains. Pauses only pace the client; they can only get longer, never shorter.
            long next = System.nanoTime();
            for (int i = 0; i < 25; i++) {
                next += Duration.ofMillis(50).toNanos();
                while (System.nanoTime() < next) {
                    LockSupport.parkNanos(next - System.nanoTime());
                }
                c.send(WsTestClient.object("type", "ping", "id", "steady-" + i));
                assertEquals("reply", c.await(reply("steady-" + i)).path("type").asText());
            }
            assertTrue(c.seen().stream().noneMatch(type("error")), c.seen().toString());
            assertEquals(0.0, metric(f.get("/metrics"), "madoguchi_messages_refused_total{code=\"rate_limited\""));
        }
    }
}
