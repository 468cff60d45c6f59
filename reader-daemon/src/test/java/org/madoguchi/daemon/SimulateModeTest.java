package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.WsTestClient.object;
import static org.madoguchi.daemon.WsTestClient.readerEvent;
import static org.madoguchi.daemon.WsTestClient.reply;
import static org.madoguchi.daemon.WsTestClient.type;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;

/** The daemon in simulate mode, in-process on a free port, driven over a real WebSocket. */
class SimulateModeTest {
    private static final String R0 = "Simulated Reader 0";
    private static final String R1 = "Simulated Reader 1";

    private Daemon daemon;
    private final List<WsTestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        daemon = Daemon.start(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 2));
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        daemon.close();
    }

    private WsTestClient client() throws Exception {
        WsTestClient c = WsTestClient.connect(daemon.baseUrl());
        clients.add(c);
        return c;
    }

    private WsTestClient greeted(String name) throws Exception {
        WsTestClient c = client();
        c.hello(name);
        return c;
    }

    private static Predicate<JsonNode> withCard(String reader, boolean card) {
        return readerEvent(reader).and(m -> m.path("card").isNull() != card);
    }

    /** Sends a simulator command and waits for its reply (failing on an error). */
    private static void sim(WsTestClient c, String id, String... fields) throws Exception {
        c.send(object(fields).put("id", id));
        JsonNode answer = c.await(reply(id));
        assertEquals("reply", answer.path("type").asText(), () -> "answer to " + id + ": " + answer);
    }

    @Test
    void welcomeListsTheSimulatedReadersWithoutCards() throws Exception {
        JsonNode welcome = client().hello("test");
        assertEquals(1, welcome.path("protocol").asInt());
        assertEquals("staff", welcome.path("role").asText());
        assertTrue(welcome.path("version").isTextual());
        JsonNode first = welcome.path("readers").path(0);
        assertEquals("reader", first.path("type").asText());
        assertEquals(R0, first.path("reader").asText());
        assertTrue(first.path("attached").asBoolean());
        assertTrue(first.has("card") && first.path("card").isNull(), first::toString);
        assertEquals(R1, welcome.path("readers").path(1).path("reader").asText());
    }

    @Test
    void insertRepliesThenReportsAMyNumberCard() throws Exception {
        WsTestClient c = greeted("test");
        c.send("{\"type\":\"sim.insert\",\"id\":\"1\",\"reader\":\"" + R0 + "\",\"profile\":\"default\"}");
        assertEquals("reply", c.await(reply("1")).path("type").asText());
        JsonNode event = c.await(readerEvent(R0));
        JsonNode card = event.path("card");
        assertFalse(card.isNull(), event::toString);
        assertEquals("my_number_card", card.path("kind").asText());
        assertTrue(card.path("atr").asText().matches("([0-9A-F]{2})+"), card::toString);
        assertTrue(event.path("attached").asBoolean());
    }

    @Test
    void removeReportsTheReaderEmpty() throws Exception {
        WsTestClient c = greeted("test");
        sim(c, "1", "type", "sim.insert", "reader", R0, "profile", "default");
        c.await(withCard(R0, true));
        sim(c, "2", "type", "sim.remove", "reader", R0);
        JsonNode event = c.await(readerEvent(R0));
        assertTrue(event.path("card").isNull(), event::toString);
        assertTrue(event.path("attached").asBoolean());
    }

    @Test
    void aCardThatIsNotJpkiIsReportedAsSuch() throws Exception {
        WsTestClient c = greeted("test");
        sim(c, "1", "type", "sim.insert", "reader", R0, "profile", "not-my-number");
        assertEquals("not_jpki", c.await(readerEvent(R0)).path("card").path("kind").asText());
    }

    @Test
    void twoClientsSeeTheSameEventsInTheSameOrder() throws Exception {
        WsTestClient a = greeted("a");
        WsTestClient b = greeted("b");
        // One step at a time: every change is seen.
        sim(a, "s1", "type", "sim.insert", "reader", R0, "profile", "default");
        a.await(withCard(R0, true));
        sim(a, "s2", "type", "sim.insert", "reader", R1, "profile", "juki");
        a.await(withCard(R1, true));
        sim(a, "s3", "type", "sim.remove", "reader", R0);
        a.await(withCard(R0, false));
        // Then a burst on both readers, without waiting for the effects.
        String[][] burst = {
            {"type", "sim.insert", "reader", R0, "profile", "iphone"},
            {"type", "sim.remove", "reader", R1},
            {"type", "sim.insert", "reader", R1, "profile", "android"},
            {"type", "sim.remove", "reader", R0},
            {"type", "sim.insert", "reader", R0, "profile", "default"},
        };
        for (int i = 0; i < burst.length; i++) {
            a.send(object(burst[i]).put("id", "burst" + i));
        }
        for (int i = 0; i < burst.length; i++) {
            a.await(reply("burst" + i));
        }
        // A last change that both must see; everything published before it has then arrived too.
        sim(a, "last", "type", "sim.insert", "reader", R0, "profile", "not-my-number");
        Predicate<JsonNode> barrier = readerEvent(R0).and(m -> "not_jpki".equals(m.path("card").path("kind").asText()));
        a.await(barrier);
        b.await(barrier);
        List<JsonNode> seenByA = a.seen().stream().filter(type("reader")).toList();
        List<JsonNode> seenByB = b.seen().stream().filter(type("reader")).toList();
        assertEquals(seenByA, seenByB);
        assertTrue(seenByA.size() >= 4, seenByA::toString);
    }

    @Test
    void unknownTypeIsRefused() throws Exception {
        WsTestClient c = greeted("test");
        c.send("{\"type\":\"dance\",\"id\":\"7\"}");
        JsonNode error = c.await(type("error"));
        assertEquals("unknown_type", error.path("code").asText());
        assertEquals("7", error.path("id").asText());
        assertTrue(!error.path("message").path("ja").asText().isEmpty()
                && !error.path("message").path("en").asText().isEmpty(), error::toString);
    }

    @Test
    void malformedJsonIsRefusedAndTheConnectionStaysUsable() throws Exception {
        WsTestClient c = greeted("test");
        c.send("{\"type\": \"ping\", \"id\": ");
        assertEquals("bad_request", c.await(type("error")).path("code").asText());
        c.send("{\"type\":\"ping\",\"id\":\"p1\"}");
        assertEquals("reply", c.await(reply("p1")).path("type").asText());
    }

    @Test
    void missingFieldsAndBinaryFramesAreBadRequests() throws Exception {
        WsTestClient c = greeted("test");
        c.send("{\"type\":\"sim.insert\",\"id\":\"3\",\"reader\":\"" + R0 + "\"}");
        JsonNode missing = c.await(reply("3"));
        assertEquals("bad_request", missing.path("code").asText());
        c.sendBinary(new byte[] {1, 2, 3});
        assertEquals("bad_request", c.await(type("error")).path("code").asText());
        c.send("{\"type\":\"ping\",\"id\":\"p2\"}");
        assertEquals("reply", c.await(reply("p2")).path("type").asText());
    }

    @Test
    void aCommandOverItsSizeLimitIsTooLargeAndTheConnectionStays() throws Exception {
        WsTestClient c = greeted("test");
        c.send("{\"type\":\"ping\",\"id\":\"big\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
        JsonNode error = c.await(reply("big"));
        assertEquals("too_large", error.path("code").asText());
        c.send("{\"type\":\"ping\",\"id\":\"p3\"}");
        assertEquals("reply", c.await(reply("p3")).path("type").asText());
    }

    @Test
    void aMessageOverTheFrameLimitClosesTheConnection() throws Exception {
        WsTestClient c = greeted("test");
        c.send("{\"type\":\"faceCapture\",\"id\":\"1\",\"image\":\"" + "A".repeat(1_100_000) + "\"}");
        assertEquals("1009", c.await(type("_closed")).path("status").asText());
    }

    @Test
    void commandsBeforeHelloAreOutOfOrder() throws Exception {
        WsTestClient c = client();
        c.send("{\"type\":\"ping\",\"id\":\"early\"}");
        JsonNode error = c.next();
        assertEquals("error", error.path("type").asText());
        assertEquals("bad_state", error.path("code").asText());
        assertEquals("early", error.path("id").asText());
        c.hello("late");
        c.send("{\"type\":\"hello\",\"client\":\"again\"}");
        assertEquals("bad_state", c.await(type("error")).path("code").asText());
    }

    @Test
    void unknownReaderOrProfileIsABadRequest() throws Exception {
        WsTestClient c = greeted("test");
        c.send(object("type", "sim.insert", "id", "9", "reader", "No Such Reader", "profile", "default"));
        JsonNode error = c.await(reply("9"));
        assertEquals("error", error.path("type").asText());
        assertEquals("bad_request", error.path("code").asText());
        c.send(object("type", "sim.insert", "id", "10", "reader", R0, "profile", "no-such-profile"));
        assertEquals("bad_request", c.await(reply("10")).path("code").asText());
        c.send(object("type", "sim.remove", "id", "11", "reader", R1));
        assertEquals("bad_request", c.await(reply("11")).path("code").asText());
    }

    @Test
    void healthDescribesTheDaemonAndItsReaders() throws Exception {
        WsTestClient c = greeted("test");
        sim(c, "1", "type", "sim.insert", "reader", R1, "profile", "default");
        c.await(withCard(R1, true));

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(daemon.baseUrl() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonNode health = WsTestClient.JSON.readTree(response.body());
        assertEquals("ok", health.path("status").asText());
        assertTrue(health.path("version").isTextual());
        assertEquals("simulated", health.path("backend").asText());
        assertTrue(health.path("simulate").asBoolean());
        assertTrue(health.path("uptimeSeconds").isIntegralNumber());
        JsonNode readers = health.path("readers");
        assertEquals(2, readers.size(), readers::toString);
        assertEquals(R0, readers.path(0).path("reader").asText());
        assertTrue(readers.path(0).path("attached").asBoolean());
        assertTrue(readers.path(0).path("card").isNull());
        assertEquals("my_number_card", readers.path(1).path("card").path("kind").asText());

        HttpResponse<String> missing = http.send(
                HttpRequest.newBuilder(URI.create(daemon.baseUrl() + "/nothing-here")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertEquals("not_found", WsTestClient.JSON.readTree(missing.body()).path("code").asText());
    }
}
