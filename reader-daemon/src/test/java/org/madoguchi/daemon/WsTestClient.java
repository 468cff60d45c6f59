package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
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
 * message of type {@code _closed}.
 */
final class WsTestClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQueue<JsonNode> incoming = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final WebSocket socket;

    private WsTestClient(String baseUrl) throws Exception {
        URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/v1/ws");
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(uri, new Listener())
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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
        socket.sendText(text, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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
        if (m == null) {
            fail("no message within " + TIMEOUT + "; seen so far: " + seen);
        }
        seen.add(m);
        return m;
    }

    /** The first incoming message that matches; messages before it are passed over. */
    JsonNode await(Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode m = left > 0 ? incoming.poll(left, TimeUnit.NANOSECONDS) : null;
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

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // already closed or closing: nothing to do
        } finally {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    incoming.add(JSON.readTree(text));
                } catch (Exception e) {
                    incoming.add(object("type", "_unparsable", "text", text));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            incoming.add(object("type", "_closed", "status", String.valueOf(statusCode)));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            incoming.add(object("type", "_error", "error", String.valueOf(error)));
        }
    }
}
