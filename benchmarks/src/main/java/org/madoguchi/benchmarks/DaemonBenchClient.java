package org.madoguchi.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A small WebSocket client for the benchmarks (the JDK's): every text message is stamped with
 * {@link System#nanoTime()} on arrival and parsed; callers wait for a matching message.
 */
final class DaemonBenchClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** A message and the moment it arrived. */
    record Arrival(JsonNode message, long nanos) {
    }

    private final BlockingQueue<Arrival> incoming = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    private int ids;

    DaemonBenchClient(HttpClient http, String baseUrl, String name) throws Exception {
        URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/v1/ws");
        socket = http.newWebSocketBuilder().buildAsync(uri, new Listener()).get(20, TimeUnit.SECONDS);
        send(object("type", "hello", "client", name, "token", "simulate-staff-token"));
        await(m -> "welcome".equals(m.path("type").asText()));
    }

    static ObjectNode object(String... kv) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.put(kv[i], kv[i + 1]);
        }
        return o;
    }

    void send(ObjectNode message) throws Exception {
        socket.sendText(JSON.writeValueAsString(message), true).get(20, TimeUnit.SECONDS);
    }

    /** Sends a command with a fresh id and waits for its reply; fails on an error. */
    void command(String... kv) throws Exception {
        String id = "b" + (++ids);
        send(object(kv).put("id", id));
        JsonNode answer = await(m -> id.equals(m.path("id").asText())).message();
        if (!"reply".equals(answer.path("type").asText())) {
            throw new IllegalStateException("refused: " + answer);
        }
    }

    Arrival await(Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Arrival a = incoming.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (a == null) {
                throw new IllegalStateException("no matching message within " + TIMEOUT);
            }
            if (wanted.test(a.message())) {
                return a;
            }
        }
    }

    static Predicate<JsonNode> session(String reader, String state) {
        return m -> "session".equals(m.path("type").asText()) && reader.equals(m.path("reader").asText())
                && state.equals(m.path("state").asText());
    }

    static Predicate<JsonNode> result(String session) {
        return m -> "result".equals(m.path("type").asText()) && session.equals(m.path("session").asText());
    }

    static Predicate<JsonNode> emptyReader(String reader) {
        return m -> "reader".equals(m.path("type").asText()) && reader.equals(m.path("reader").asText())
                && m.path("card").isNull();
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        } finally {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                try {
                    incoming.add(new Arrival(JSON.readTree(partial.toString()), now));
                } catch (Exception e) {
                    incoming.add(new Arrival(object("type", "_unparsable"), now));
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
