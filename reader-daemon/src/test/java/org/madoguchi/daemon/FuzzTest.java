package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.DaemonFixture.R1;
import static org.madoguchi.daemon.FuzzMessage.STRICT;
import static org.madoguchi.daemon.FuzzMessage.text;
import static org.madoguchi.daemon.FuzzMessages.FUZZ_PROFILES;
import static org.madoguchi.daemon.FuzzMessages.NODES;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.type;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.FuzzMessage.Piece;
import org.madoguchi.daemon.config.LimitsConfig;
import org.madoguchi.daemon.protocol.ErrorCode;
import org.madoguchi.daemon.security.SimulationClients;

/**
 * Over 10,000 random, mutated and malformed messages and frames against a live simulated daemon,
 * while a normal PIN session runs on the other reader. For every message the daemon either answers
 * it ({@code reply}, {@code welcome} or an {@code error} with a code of docs/protocol.md's list, never
 * {@code internal}; always valid JSON, with the message's id when it had a usable one) or, for a
 * WebSocket protocol violation, closes the connection. A malformed message never closes a
 * connection. The fuzz stays on Reader 0 and on made-up session ids; the control session is on Reader 1.
 *
 * <p>Answers are matched to messages as the protocol promises: in the order sent, except a
 * {@code sim.*} (answered by its id when the simulator is done). Each generator says which answers
 * it allows where the checking order (protocol.md) decides it whatever the connection's state and
 * role, e.g. {@code too_large} for a 64 KiB + 1 command, {@code bad_request} for nesting 17,
 * {@code invalid_pin_format} (or {@code bad_state} / {@code forbidden}) for a PIN of 3 digits.
 * Protocol violations (invalid UTF-8, reserved opcodes, unmasked frames, over 1 MiB, …) are sent
 * alone, after every earlier message was answered, and must close with their status.
 */
class FuzzTest {
    private static final long SEED = 0x6d61646f677563L;
    private static final int MESSAGES = 10_400;
    private static final int POOL = 3;
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The error codes a client may see: all of {@link ErrorCode} but {@code internal}. */
    private static final List<String> CODES = Arrays.stream(ErrorCode.values())
            .filter(c -> c != ErrorCode.INTERNAL).map(ErrorCode::code).toList();
    private static final Set<String> EVENTS = Set.of("session", "reader", "result");

    // ---- connections -----------------------------------------------------------------------------

    /** Counts for the table. */
    private static final class Stats {
        final Map<String, Integer> answers = new TreeMap<>();
        final Map<String, Integer> closes = new TreeMap<>();
        final Map<String, Integer> kinds = new TreeMap<>();
        int messages;
        int connections;
        int setupHellos;
        int sentinels;
        int aliveAfterBadRequest;
        int events;
        int pongs;
        int missingIds;
        final List<String> missingIdExamples = new ArrayList<>();

        void add(Map<String, Integer> map, String key) {
            map.merge(key, 1, Integer::sum);
        }
    }

    /** One fuzz connection and the messages sent on it still waiting for their answer. */
    private final class Conn {
        final int number;
        final RawWebSocket ws;
        final List<FuzzMessage> pending = new ArrayList<>();
        boolean greeted;
        boolean closed;
        int pingsSent;
        int pongs;
        boolean badRequestSinceSentinel;
        int batches;
        final List<String> history = new ArrayList<>();

        Conn(int number, RawWebSocket ws) {
            this.number = number;
            this.ws = ws;
        }

        boolean waitsFor(String id) {
            return pending.stream().anyMatch(p -> id.equals(p.id));
        }

        void send(FuzzMessage m) throws IOException {
            pending.add(m);
            pingsSent += m.pings;
            for (Piece p : m.frames) {
                ws.send(p.fin(), p.opcode(), p.payload(), p.masked());
            }
        }

        /**
         * Reads until every message sent has its answer, or the connection closes. Returns how the
         * connection closed, or null.
         */
        String drain() throws IOException {
            while (!pending.isEmpty()) {
                RawWebSocket.Frame f;
                try {
                    f = ws.read(WAIT);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("connection " + number + ": no answer within " + WAIT + " to " + pending);
                } catch (SocketException e) {
                    return closed("reset");
                }
                if (f == null) {
                    return closed("EOF without a close frame");
                }
                assertTrue(f.fin(), "the daemon sends whole messages: " + f);
                switch (f.opcode()) {
                    case RawWebSocket.TEXT -> onText(f.payload());
                    case RawWebSocket.PONG -> {
                        pongs++;
                        stats.pongs++;
                    }
                    case RawWebSocket.CLOSE -> {
                        String how = "close " + f.closeStatus();
                        try {
                            // No data frame may follow a close (RFC 6455 5.5.1). A second close frame is noted
                            // in the table, not failed: after a protocol violation Netty's decoder sends its
                            // close (1002, 1007, 1009), then WebSocketServerProtocolHandler a default 1000 when
                            // the daemon's WebSocketFrameHandler.exceptionCaught closes the channel.
                            for (RawWebSocket.Frame after = ws.read(WAIT); after != null; after = ws.read(WAIT)) {
                                assertEquals(RawWebSocket.CLOSE, after.opcode(), "connection " + number
                                        + ": a frame after the close frame " + f + ": " + after + ", for " + pending);
                                how += ", then close " + after.closeStatus();
                            }
                        } catch (SocketException e) {
                            how += ", then reset";
                        }
                        return closed(how);
                    }
                    default -> fail("connection " + number + ": unexpected frame from the daemon: " + f);
                }
            }
            assertEquals(pingsSent, pongs, "connection " + number + ": one pong per ping");
            return null;
        }

        private String closed(String how) {
            closed = true;
            ws.close();
            return how;
        }

        private void onText(byte[] payload) throws IOException {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(payload)).toString();
            } catch (CharacterCodingException e) {
                throw new AssertionError("connection " + number + ": the daemon sent invalid UTF-8", e);
            }
            JsonNode m;
            try {
                m = STRICT.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("connection " + number + ": the daemon sent invalid JSON: " + text, e);
            }
            assertTrue(m != null && m.isObject() && m.path("type").isTextual(), "not a typed JSON object: " + text);
            String type = m.path("type").asText();
            if (EVENTS.contains(type)) {
                stats.events++;
                return;
            }
            assertTrue(Set.of("reply", "error", "welcome").contains(type), "unexpected message: " + text);
            FuzzMessage msg = matching(m, type, text);
            pending.remove(msg);
            history.add(msg + " [id " + msg.id + "] => " + text.substring(0, Math.min(200, text.length())));
            if (history.size() > 8) {
                history.remove(0);
            }
            String code = type.equals("error") ? m.path("code").asText() : type;
            if (code.equals("internal")) {
                fail("internal error for " + msg + ": " + text);
            }
            if (type.equals("error")) {
                assertTrue(CODES.contains(code), "an error code of the protocol's list: " + text);
                assertTrue(m.path("message").path("ja").isTextual() && m.path("message").path("en").isTextual(),
                        "an error has a message in both languages: " + text);
            }
            assertTrue(!msg.violation(), "a protocol violation was answered instead of closing: " + msg + " → " + text);
            if (msg.kind.equals("sentinel")) {
                assertEquals(greeted ? "reply" : "bad_state", code, "the sentinel ping after " + pending + ": " + text);
                if (badRequestSinceSentinel && greeted) {
                    stats.aliveAfterBadRequest++;
                }
                badRequestSinceSentinel = false;
            } else {
                stats.add(stats.answers, code);
                if (msg.allowed != null) {
                    assertTrue(msg.allowed.contains(code),
                            "connection " + number + ": " + msg + " answered " + text + "; allowed " + msg.allowed
                            + "\nthe last answers on this connection:\n" + String.join("\n", history));
                }
            }
            if (code.equals("bad_request")) {
                badRequestSinceSentinel = true;
            }
            if (type.equals("welcome")) {
                greeted = true;
            }
        }

        /**
         * The message an answer belongs to, checking the order the protocol promises: answers come in
         * the order the messages were sent, except a {@code sim.*} with a usable id, which may be
         * answered later (by its id). So an answer with an id is for the message with that id (ids
         * are unique among the messages in flight), which must be the first one waiting unless it is
         * such a {@code sim.*}; a {@code welcome} or an error without id is for the first one waiting.
         */
        private FuzzMessage matching(JsonNode m, String type, String text) {
            FuzzMessage head = pending.stream().filter(p -> !asynchronous(p)).findFirst().orElse(null);
            FuzzMessage msg;
            if (m.hasNonNull("id")) {
                assertTrue(m.get("id").isTextual(), "an id is a string: " + text);
                msg = pending.stream().filter(p -> m.get("id").textValue().equals(p.id)).findFirst().orElse(null);
                assertTrue(msg != null, "connection " + number + ": an answer to no message waiting: " + text
                        + "; waiting: " + pending);
                assertTrue(asynchronous(msg) || msg == head, "connection " + number + ": answered out of order: "
                        + text + " came before the answer to " + head);
            } else {
                msg = head;
                assertTrue(msg != null, "connection " + number + ": an answer to no message waiting: " + text
                        + "; waiting: " + pending);
                if (type.equals("welcome")) {
                    assertEquals("hello", msg.type, "connection " + number + ": a welcome, but the message waiting"
                            + " first is " + msg);
                } else if (msg.id != null) { // collected, so that the fuzz goes on; the test fails at the end
                    stats.missingIds++;
                    if (stats.missingIdExamples.size() < 6) {
                        stats.missingIdExamples.add(msg + " → " + text);
                    }
                }
            }
            return msg;
        }

        /** A {@code sim.*} the daemon takes past its checks runs on the simulator's thread and is answered later. */
        private boolean asynchronous(FuzzMessage msg) {
            return msg.id != null && msg.type != null && msg.type.startsWith("sim.");
        }
    }

    private final Stats stats = new Stats();
    private final AtomicInteger progress = new AtomicInteger();

    private Conn connect(int port, Random random) throws IOException {
        stats.connections++;
        Conn c = new Conn(stats.connections, RawWebSocket.open(port, new Random(random.nextLong())));
        int roll = random.nextInt(100);
        if (roll < 96) { // most connections say hello as staff, some as kiosk or observer; the rest never do
            ObjectNode hello = NODES.objectNode().put("type", "hello").put("client", "fuzz-" + stats.connections);
            if (roll < 88) {
                hello.put("token", SimulationClients.STAFF_TOKEN);
            } else if (roll < 92) {
                hello.put("token", SimulationClients.KIOSK_TOKEN);
            }
            c.send(text("setup hello", hello.toString(), Set.of("welcome")));
            stats.setupHellos++;
            assertEquals(null, c.drain(), "a hello closed the connection");
            assertTrue(c.greeted);
        }
        return c;
    }

    /** Sends a protocol violation; returns how the connection closed (null: it did not). */
    private static String violate(Conn c, FuzzMessage v) throws IOException {
        try {
            c.send(v);
            return c.drain();
        } catch (SocketException e) { // e.g. writing a message over 1 MiB after the daemon closed
            String how = c.drain();
            return how == null ? "closed while writing" : how + " (while writing)";
        }
    }

    /** The fuzz itself, on this thread; {@code started} opens once a fifth of the messages went out. */
    private void fuzz(int port, CountDownLatch started) throws IOException {
        Random random = new Random(SEED);
        FuzzMessages gen = new FuzzMessages(random);
        Conn[] pool = new Conn[POOL];
        try {
            while (stats.messages < MESSAGES) {
                int slot = random.nextInt(POOL);
                if (pool[slot] != null && !pool[slot].greeted && pool[slot].batches >= 8) {
                    pool[slot].ws.close(); // the daemon closes a connection without hello after 10 s: retire it long before
                    pool[slot] = null;
                }
                if (pool[slot] == null || pool[slot].closed) {
                    pool[slot] = connect(port, random);
                }
                Conn c = pool[slot];
                c.batches++;
                if (random.nextInt(3) == 0) {
                    FuzzMessage v = gen.violation();
                    stats.add(stats.kinds, v.kind);
                    stats.messages++;
                    String how = violate(c, v);
                    assertTrue(how != null, "a protocol violation did not close the connection: " + v);
                    boolean expected = v.closes.stream().anyMatch(status -> how.startsWith("close " + status))
                            || v.closes.contains(1009) && how.contains("writing") // closed under a 1 MiB write
                            // A corrupt Close from the client: Netty fails the connection without a Close of its
                            // own, as the client has already sent one (RFC 6455 §7.1.7 says SHOULD, not MUST).
                            || v.kind.equals("bad close frame") && how.contains("EOF without a close frame");
                    assertTrue(expected, "connection " + c.number + ": " + v + " → " + how + "; expected close " + v.closes);
                    stats.add(stats.closes, v.kind + " → " + how);
                } else {
                    int n = 1 + random.nextInt(40);
                    for (int i = 0; i < n && stats.messages < MESSAGES; i++) {
                        FuzzMessage m = gen.next();
                        while (m.id != null && c.waitsFor(m.id)) { // ids unique among the messages in flight
                            m = gen.next();
                        }
                        stats.add(stats.kinds, m.kind.startsWith("valid") ? "valid" : m.kind.replaceAll(" \\d+$", ""));
                        stats.messages++;
                        c.send(m);
                    }
                    c.send(text("sentinel", "{\"type\":\"ping\",\"id\":\"sentinel-" + ++stats.sentinels + "\"}", null));
                    String how = c.drain();
                    assertEquals(null, how, "connection " + c.number + ": a well-framed message closed the connection");
                }
                progress.set(stats.messages);
                if (stats.messages >= MESSAGES / 5) {
                    started.countDown();
                }
            }
        } finally {
            started.countDown();
            for (Conn c : pool) {
                if (c != null) {
                    c.ws.close();
                }
            }
        }
    }

    /** A normal PIN session on Reader 1: verified with method pin, and no error on the way. */
    private static void controlSession(DaemonFixture f, WsTestClient control) throws Exception {
        String session = f.placeAndChoose(control, R1, "default").path("session").asText();
        f.ok(control, "type", "chooseMode", "session", session, "mode", "pin");
        assertEquals("reply", f.submitPin(control, session, "1234").path("type").asText());
        JsonNode result = control.await(resultOf(session));
        assertEquals("verified", result.path("outcome").asText(), result.toString());
        assertEquals("pin", result.path("method").asText(), result.toString());
        f.remove(control, R1);
        assertTrue(control.seen().stream().noneMatch(type("error")), "the control client saw an error");
    }

    @Test
    void tenThousandRandomAndBrokenMessagesAreAnsweredOrCloseTheirConnectionOnly() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0)
                .withLimits(new LimitsConfig(100_000, 1_000_000, 64)), 2))) {
            WsTestClient control = f.client("control");
            for (String profile : FUZZ_PROFILES) { // the simulator makes each card's keys once: before the clock runs
                f.insert(control, R0, profile);
            }
            f.remove(control, R0);

            long start = System.nanoTime();
            CountDownLatch started = new CountDownLatch(1);
            Future<?> fuzz = thread.submit(() -> {
                fuzz(f.daemon.port(), started);
                return null;
            });
            assertTrue(started.await(30, TimeUnit.SECONDS), "the fuzz did not get going");
            controlSession(f, control);
            int duringControl = progress.get();
            try {
                fuzz.get(50, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            controlSession(f, control);
            JsonNode health = WsTestClient.JSON.readTree(f.get("/health"));
            assertEquals("ok", health.path("status").asText(), health.toString());

            System.out.printf("fuzz: %d messages on %d connections in %.1f s (plus %d hellos to set up and %d"
                    + " sentinel pings); control session 1 done after %d messages%n", stats.messages,
                    stats.connections, seconds, stats.setupHellos, stats.sentinels, duringControl);
            System.out.println("answers by code:");
            stats.answers.forEach((k, v) -> System.out.printf("  %-22s %6d%n", k, v));
            System.out.println("closes by kind:");
            stats.closes.forEach((k, v) -> System.out.printf("  %-62s %5d%n", k, v));
            System.out.println("messages by kind:");
            stats.kinds.forEach((k, v) -> System.out.printf("  %-34s %6d%n", k, v));
            System.out.printf("events seen %d, pongs %d, sentinel pings answered after a bad_request %d,"
                    + " errors without their message's id %d%n", stats.events, stats.pongs, stats.aliveAfterBadRequest,
                    stats.missingIds);

            assertTrue(stats.messages >= 10_000);
            assertTrue(stats.aliveAfterBadRequest > 100, "bad_request left many connections alive");
            assertEquals(null, stats.answers.get("internal"));
            assertEquals(0, stats.missingIds, () -> "errors without the id of the message they answer (protocol.md:"
                    + " an error carries the message's id whenever the JSON could be read and had a usable one), e.g.\n"
                    + String.join("\n", stats.missingIdExamples));
        } finally {
            thread.shutdownNow();
        }
    }
}
