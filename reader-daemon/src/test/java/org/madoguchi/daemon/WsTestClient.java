package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.madoguchi.daemon.security.SimulationClients;

/**
 * A real WebSocket client (the JDK's) for tests: every incoming text message is parsed and queued;
 * tests wait for a message matching a predicate, with a timeout. A closed connection shows up as a
 * message of type {@code _closed} (a failed one as {@code _error}).
 *
 * <p>Besides the queue the tests consume, the listener keeps a record of its own, independent of
 * what a test waits for: every message received ({@link #received}, {@link #receivedTexts}), the
 * token of the {@code hello} that was welcomed and the role it got, and the sessions for which a
 * session command sent on this connection was answered {@code reply} ({@link #acceptedSessions}).
 * Every client is also listed under the daemon's base URL ({@link #connectedTo}), so that
 * {@link DaemonFixture} can check the audit file's {@code clients} against what really happened.
 *
 * <p><b>Every message is checked against docs/schema</b> ({@link SchemaCheck}): each message the
 * daemon sends must match {@code server.json}, and each message the daemon accepts ({@code reply},
 * {@code welcome}) must match {@code client.json}. A violation fails the test at the next message it
 * takes, or at {@link #close}, with the path, the rule and the message.
 */
final class WsTestClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The commands that name a session: the ones the daemon's audit record counts. */
    static final Set<String> SESSION_COMMANDS = Set.of("chooseMode", "submitPin", "confirmLastTry", "faceCapture",
            "retryFace", "requestVisual", "confirmVisual", "cancel", "submitConsent");

    /** Every client connected so far, by the daemon base URL it was given. */
    private static final Map<String, List<WsTestClient>> BY_DAEMON = new ConcurrentHashMap<>();

    private final String baseUrl;
    private final BlockingQueue<JsonNode> incoming = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<String> receivedTexts = new CopyOnWriteArrayList<>();
    /** Session commands sent and not yet answered: command id → session. */
    private final Map<String, String> pendingCommands = new ConcurrentHashMap<>();
    private final Set<String> acceptedSessions = ConcurrentHashMap.newKeySet();
    private final WebSocket socket;
    private final SchemaCheck schema;
    private volatile String helloToken;
    private volatile String welcomedToken;
    private volatile String role;
    private volatile boolean ended;

    private WsTestClient(String baseUrl) throws Exception {
        this.baseUrl = baseUrl;
        this.schema = new SchemaCheck("WebSocket client of " + baseUrl);
        URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/v1/ws");
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(uri, new Listener())
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        BY_DAEMON.computeIfAbsent(baseUrl, u -> new CopyOnWriteArrayList<>()).add(this);
    }

    static WsTestClient connect(String baseUrl) throws Exception {
        return new WsTestClient(baseUrl);
    }

    /** Sends hello with the staff token and returns the welcome. */
    JsonNode hello(String client) throws Exception {
        return hello(client, SimulationClients.STAFF_TOKEN);
    }

    /** Sends hello with this token (null: none) and returns the welcome. */
    JsonNode hello(String client, String token) throws Exception {
        ObjectNode hello = object("type", "hello", "client", client);
        if (token != null) {
            hello.put("token", token);
        }
        send(hello);
        return await(type("welcome"));
    }

    void send(String text) throws Exception {
        track(text);
        socket.sendText(text, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Notes, before they go out, the token of the latest hello sent before a welcome (a refused
     * hello followed by a good one is the usual case) and the session of each session command.
     */
    private void track(String text) {
        schema.sent(text);
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (Exception e) {
            return; // not JSON: the daemon refuses it, nothing to track
        }
        if (m == null || !m.path("type").isTextual()) {
            return;
        }
        String type = m.path("type").asText();
        if (type.equals("hello") && role == null) {
            helloToken = m.path("token").isTextual() ? m.path("token").asText() : null;
        } else if (SESSION_COMMANDS.contains(type) && m.path("id").isTextual() && m.path("session").isTextual()) {
            pendingCommands.put(m.path("id").asText(), m.path("session").asText());
        }
    }

    void send(JsonNode message) throws Exception {
        send(JSON.writeValueAsString(message));
    }

    void sendBinary(byte[] data) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(data), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next incoming message, whatever it is. */
    JsonNode next() throws InterruptedException {
        JsonNode m = incoming.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        schema.assertNone();
        if (m == null) {
            fail("no message within " + TIMEOUT + "; seen so far: " + seen);
        }
        seen.add(m);
        return m;
    }

    /** The next incoming message if one arrives within {@code wait}; empty otherwise (no failure). */
    Optional<JsonNode> poll(Duration wait) throws InterruptedException {
        JsonNode m = incoming.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        schema.assertNone();
        if (m != null) {
            seen.add(m);
        }
        return Optional.ofNullable(m);
    }

    /** The first incoming message that matches; messages before it are passed over. */
    JsonNode await(Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode m = left > 0 ? incoming.poll(left, TimeUnit.NANOSECONDS) : null;
            schema.assertNone();
            if (m == null) {
                fail("no matching message within " + TIMEOUT + "; seen so far: " + seen);
            }
            seen.add(m);
            if (wanted.test(m)) {
                return m;
            }
        }
    }

    /** A matching message already taken from the queue, else the next one that arrives. */
    JsonNode seenOrAwait(Predicate<JsonNode> wanted) throws InterruptedException {
        for (JsonNode m : seen) {
            if (wanted.test(m)) {
                return m;
            }
        }
        return await(wanted);
    }

    /** Every message taken from the queue so far, in order. */
    List<JsonNode> seen() {
        return List.copyOf(seen);
    }

    /**
     * Every message this client has received so far, in order, whether or not a test took it from
     * the queue; a closed or failed connection adds its {@code _closed} / {@code _error} message.
     */
    List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** The text of every message received so far, exactly as it arrived (and the synthetic ones as JSON). */
    List<String> receivedTexts() {
        return List.copyOf(receivedTexts);
    }

    /** Sessions for which a session command sent on this connection was answered {@code reply}. */
    Set<String> acceptedSessions() {
        return Set.copyOf(acceptedSessions);
    }

    /** The token of the {@code hello} that was welcomed; empty before the welcome or without a token. */
    Optional<String> token() {
        return Optional.ofNullable(welcomedToken);
    }

    /** The role given in {@code welcome}; null before it. */
    String role() {
        return role;
    }

    /** Whether the connection has closed or failed (seen by the listener). */
    boolean ended() {
        return ended;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** Fails with every schema violation found on this connection and not reported yet. */
    void assertSchemas() {
        schema.assertNone();
    }

    /** How many daemon messages this connection checked against the schemas. */
    int schemaChecked() {
        return schema.checked();
    }

    /** Every client connected so far to the daemon at this base URL (closed ones too), in order. */
    static List<WsTestClient> connectedTo(String baseUrl) {
        return List.copyOf(BY_DAEMON.getOrDefault(baseUrl, List.of()));
    }

    /** Forgets the clients of a daemon that has stopped (its port may be used again). */
    static void forget(String baseUrl) {
        BY_DAEMON.remove(baseUrl);
    }

    static Predicate<JsonNode> type(String type) {
        return m -> type.equals(m.path("type").asText());
    }

    static Predicate<JsonNode> reply(String id) {
        return m -> (type("reply").test(m) || type("error").test(m)) && id.equals(m.path("id").asText());
    }

    static Predicate<JsonNode> readerEvent(String reader) {
        return m -> type("reader").test(m) && reader.equals(m.path("reader").asText());
    }

    /** A {@code session} event of the reader in the given state. */
    static Predicate<JsonNode> sessionIn(String reader, String state) {
        return m -> type("session").test(m) && reader.equals(m.path("reader").asText())
                && state.equals(m.path("state").asText());
    }

    /** A {@code session} event of the session in the given state. */
    static Predicate<JsonNode> sessionState(String session, String state) {
        return m -> type("session").test(m) && session.equals(m.path("session").asText())
                && state.equals(m.path("state").asText());
    }

    /** The {@code result} of a session. */
    static Predicate<JsonNode> resultOf(String session) {
        return m -> type("result").test(m) && session.equals(m.path("session").asText());
    }

    /** The {@code result} of whatever session runs on a reader. */
    static Predicate<JsonNode> resultOn(String reader) {
        return m -> type("result").test(m) && reader.equals(m.path("reader").asText());
    }

    static ObjectNode object(String... keysAndValues) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            o.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return o;
    }

    /** Closes the connection, then fails with any schema violation not reported yet. */
    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // already closed or closing: nothing to do
        } finally {
            socket.abort();
        }
        schema.assertNone();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                receivedTexts.add(text);
                JsonNode parsed;
                try {
                    parsed = JSON.readTree(text);
                } catch (Exception e) {
                    parsed = null;
                }
                schema.received(text, parsed);
                JsonNode m = parsed != null ? parsed : object("type", "_unparsable", "text", text);
                observe(m);
                received.add(m);
                incoming.add(m);
            }
            webSocket.request(1);
            return null;
        }

        /** Keeps the record of welcome and accepted commands; before the test can see the message. */
        private void observe(JsonNode m) {
            String type = m.path("type").asText();
            if (type.equals("welcome") && role == null) {
                welcomedToken = helloToken;
                role = m.path("role").asText();
            } else if ((type.equals("reply") || type.equals("error")) && m.path("id").isTextual()) {
                String session = pendingCommands.remove(m.path("id").asText());
                if (session != null && type.equals("reply")) {
                    acceptedSessions.add(session);
                }
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            end(object("type", "_closed", "status", String.valueOf(statusCode)));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            end(object("type", "_error", "error", String.valueOf(error)));
        }

        private void end(JsonNode m) {
            ended = true;
            receivedTexts.add(m.toString());
            received.add(m);
            incoming.add(m);
        }
    }
}
