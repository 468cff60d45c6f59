package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.madoguchi.daemon.WsTestClient.object;
import static org.madoguchi.daemon.WsTestClient.reply;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.security.SimulationClients;

/**
 * An in-process daemon on a free port and the WebSocket clients talking to it, for end-to-end
 * tests. Unless the settings say otherwise, the daemon knows the simulator's kiosk and staff tokens
 * (even outside --simulate) and writes its audit file into a fresh temporary directory. Closes
 * everything it started.
 */
final class DaemonFixture implements AutoCloseable {
    static final String R0 = "Simulated Reader 0";
    static final String R1 = "Simulated Reader 1";
    /** A stand-in live capture: the simulated matcher looks at no image. */
    static final String IMAGE = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});

    final Daemon daemon;
    /** The audit file of this daemon. */
    final Path auditFile;
    private final Path auditDir;
    private final List<WsTestClient> clients = new ArrayList<>();
    private int ids;

    DaemonFixture(DaemonSettings settings) throws Exception {
        auditDir = Files.createTempDirectory("madoguchi-audit");
        DaemonConfig config = settings.config();
        if (config.auditFile() == null) {
            config = config.withAuditFile(auditDir.resolve("audit.jsonl").toString());
        }
        if (config.clients().isEmpty()) {
            config = config.withClients(SimulationClients.DEFAULT);
        }
        auditFile = config.auditPath(settings.simulate()).orElse(auditDir.resolve("none"));
        daemon = Daemon.start(settings.withConfig(config));
    }

    /** A client with the staff token. */
    WsTestClient client(String name) throws Exception {
        return client(name, SimulationClients.STAFF_TOKEN);
    }

    /** A client that says hello with this token (null: none). */
    WsTestClient client(String name, String token) throws Exception {
        WsTestClient c = WsTestClient.connect(daemon.baseUrl());
        clients.add(c);
        c.hello(name, token);
        return c;
    }

    /** The audit file's records, one JSON object per line; every line must parse. */
    List<JsonNode> auditLines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        if (Files.exists(auditFile)) {
            for (String line : Files.readAllLines(auditFile)) {
                lines.add(WsTestClient.JSON.readTree(line));
            }
        }
        return lines;
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
        try (var files = Files.walk(auditDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory; nothing to do
        }
    }
}
