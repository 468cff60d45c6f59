package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.madoguchi.daemon.WsTestClient.object;
import static org.madoguchi.daemon.WsTestClient.reply;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An in-process daemon on a free port and the WebSocket clients talking to it, for end-to-end
 * tests. Closes everything it started.
 */
final class DaemonFixture implements AutoCloseable {
    static final String R0 = "Simulated Reader 0";
    static final String R1 = "Simulated Reader 1";
    /** A stand-in live capture: the simulated matcher looks at no image. */
    static final String IMAGE = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});

    final Daemon daemon;
    private final List<WsTestClient> clients = new ArrayList<>();
    private int ids;

    DaemonFixture(DaemonSettings settings) throws Exception {
        daemon = Daemon.start(settings);
    }

    WsTestClient client(String name) throws Exception {
        WsTestClient c = WsTestClient.connect(daemon.baseUrl());
        clients.add(c);
        c.hello(name);
        return c;
    }

    /** Sends a command with a fresh id; returns its answer ({@code reply} or {@code error}). */
    JsonNode command(WsTestClient c, ObjectNode message) throws Exception {
        String id = "c" + (++ids);
        c.send(message.put("id", id));
        return c.await(reply(id));
    }

    JsonNode command(WsTestClient c, String... fields) throws Exception {
        return command(c, object(fields));
    }

    /** A command that must succeed. */
    void ok(WsTestClient c, String... fields) throws Exception {
        JsonNode answer = command(c, fields);
        assertEquals("reply", answer.path("type").asText(), () -> "answer to " + List.of(fields) + ": " + answer);
    }

    void insert(WsTestClient c, String reader, String profile) throws Exception {
        ok(c, "type", "sim.insert", "reader", reader, "profile", profile);
    }

    void remove(WsTestClient c, String reader) throws Exception {
        ok(c, "type", "sim.remove", "reader", reader);
    }

    /** Places a card and waits for its session to be ready to choose; returns that session event. */
    JsonNode placeAndChoose(WsTestClient c, String reader, String profile) throws Exception {
        insert(c, reader, profile);
        return c.await(WsTestClient.sessionIn(reader, "choose_mode"));
    }

    JsonNode submitPin(WsTestClient c, String session, String pin) throws Exception {
        return command(c, object("type", "submitPin", "session", session, "pin", pin));
    }

    String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(daemon.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path);
        return r.body();
    }

    @Override
    public void close() {
        clients.forEach(WsTestClient::close);
        daemon.close();
    }
}
