package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;

/**
 * The schema files themselves: their ids and references resolve among themselves, hand-made
 * messages pass or fail as the protocol says, and the complete examples in protocol.md match.
 */
class ProtocolSchemasTest {
    private final ProtocolSchemas schemas = ProtocolSchemas.get();

    private static JsonNode json(String text) throws IOException {
        return WsTestClient.JSON.readTree(text);
    }

    @Test
    void everyFileHasItsOwnIdAndEveryReferenceResolvesAmongTheFiles() {
        Map<String, JsonNode> files = schemas.files();
        assertTrue(files.keySet().containsAll(Set.of("defs.json", "client.json", "sim.json", "server.json",
                "welcome.json", "reader.json", "session.json", "result.json", "service.json", "reply.json",
                "error.json")), files.keySet()::toString);
        List<String> problems = new ArrayList<>();
        files.forEach((name, schema) -> {
            if (!(ProtocolSchemas.BASE + name).equals(schema.path("$id").asText())) {
                problems.add(name + ": $id is " + schema.path("$id"));
            }
            if (!"https://json-schema.org/draft/2020-12/schema".equals(schema.path("$schema").asText())) {
                problems.add(name + ": $schema is " + schema.path("$schema"));
            }
            refs(schema, refs -> {
                String target = refs.contains("#") ? refs.substring(0, refs.indexOf('#')) : refs;
                String pointer = refs.contains("#") ? refs.substring(refs.indexOf('#') + 1) : "";
                JsonNode doc = target.isEmpty() ? schema : files.get(target);
                if (doc == null) {
                    problems.add(name + ": $ref " + refs + " names no file of docs/schema");
                } else if (doc.at(pointer).isMissingNode()) {
                    problems.add(name + ": $ref " + refs + " points at nothing");
                }
            });
        });
        assertEquals(List.of(), problems);
    }

    private static void refs(JsonNode node, java.util.function.Consumer<String> sink) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    sink.accept(e.getValue().asText());
                } else {
                    refs(e.getValue(), sink);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> refs(n, sink));
        }
    }

    @Test
    void clientMessagesPassOrFailAsTheProtocolSays() throws IOException {
        for (String ok : List.of(
                "{\"type\":\"hello\",\"client\":\"kiosk-1\"}",
                "{\"type\":\"hello\",\"client\":\"kiosk-1\",\"token\":null,\"protocol\":1}",
                "{\"type\":\"hello\",\"client\":\"kiosk-1\",\"protocol\":2}",
                "{\"type\":\"ping\",\"id\":\"p\",\"extra\":{\"a\":[1,2]}}",
                "{\"type\":\"submitPin\",\"id\":\"x\",\"session\":\"s-1\",\"pin\":\"0000\"}",
                "{\"type\":\"submitPin\",\"id\":\"x\",\"session\":\"s-1\",\"pin\":\"1234\",\"challenge\":\"QQ\"}",
                "{\"type\":\"faceCapture\",\"id\":\"x\",\"session\":\"s-1\",\"image\":\"\"}",
                "{\"type\":\"confirmVisual\",\"id\":\"x\",\"session\":\"s-1\",\"staff\":\"受付 佐藤\",\"note\":null}",
                "{\"type\":\"submitConsent\",\"id\":\"x\",\"session\":\"s-1\",\"answers\":{\"medication\":false}}",
                "{\"type\":\"recordDocument\",\"id\":\"d\",\"reader\":\"R\",\"document\":\"mynaportal\",\"staff\":\"s\"}",
                "{\"type\":\"sim.fault\",\"id\":\"f\",\"reader\":\"R\",\"fault\":\"wrong-le\"}",
                "{\"type\":\"sim.face\",\"id\":\"f\",\"reader\":\"R\",\"outcome\":\"no_face\"}")) {
            assertEquals(List.of(), schemas.clientViolations(json(ok)), ok);
        }
        for (String bad : List.of(
                "{\"client\":\"kiosk-1\"}",
                "{\"type\":\"nope\",\"id\":\"p\"}",
                "{\"type\":\"hello\",\"client\":\"\"}",
                "{\"type\":\"hello\",\"client\":\"　\"}",
                "{\"type\":\"hello\",\"client\":\"k\",\"token\":\"\"}",
                "{\"type\":\"hello\",\"client\":\"k\",\"protocol\":\"1\"}",
                "{\"type\":\"hello\",\"client\":\"k\",\"protocol\":1.5}",
                "{\"type\":\"ping\"}",
                "{\"type\":\"ping\",\"id\":\" \"}",
                "{\"type\":\"ping\",\"id\":\"" + "x".repeat(65) + "\"}",
                "{\"type\":\"submitPin\",\"id\":\"x\",\"session\":\"s-1\",\"pin\":1234}",
                "{\"type\":\"submitPin\",\"id\":\"x\",\"session\":\"s-1\",\"pin\":\"123\"}",
                "{\"type\":\"submitPin\",\"id\":\"x\",\"session\":\"s-1\",\"pin\":\"1234\",\"challenge\":\"\"}",
                "{\"type\":\"submitPin\",\"id\":\"x\",\"session\":\"s-1\",\"pin\":\"1234\",\"challenge\":\"QQ=\"}",
                "{\"type\":\"submitPin\",\"id\":\"x\",\"session\":\"s-1\",\"pin\":\"1234\",\"challenge\":\""
                        + "QUFB".repeat(22) + "\"}",
                "{\"type\":\"chooseMode\",\"id\":\"x\",\"session\":\"s-1\",\"mode\":\"visual\"}",
                "{\"type\":\"submitConsent\",\"id\":\"x\",\"session\":\"s-1\",\"answers\":{\"other\":true}}",
                "{\"type\":\"submitConsent\",\"id\":\"x\",\"session\":\"s-1\",\"answers\":{\"medication\":1}}",
                "{\"type\":\"sim.insert\",\"id\":\"i\",\"reader\":\"R\"}",
                "{\"type\":\"sim.fault\",\"id\":\"f\",\"reader\":\"R\",\"fault\":\"melt\"}")) {
            assertFalse(schemas.clientViolations(json(bad)).isEmpty(), bad);
        }
    }

    @Test
    void daemonMessagesMayCarryNoFieldTheSchemasDoNotName() throws IOException {
        String welcome = "{\"type\":\"welcome\",\"protocol\":1,\"role\":\"kiosk\",\"version\":\"dev\",\"readers\":[],"
                + "\"service\":{\"pcsc\":\"ok\",\"audit\":\"ok\"}}";
        assertEquals(List.of(), schemas.serverViolations(json(welcome)));
        assertFalse(schemas.serverViolations(json(welcome.replace("\"readers\"", "\"extra\":1,\"readers\""))).isEmpty());
        assertFalse(schemas.serverViolations(json(welcome.replace("\"audit\":\"ok\"}", "\"audit\":\"ok\",\"x\":0}")))
                .isEmpty());
        String error = "{\"type\":\"error\",\"code\":\"unsupported_protocol\",\"message\":{\"ja\":\"あ\",\"en\":\"a\"}"
                + ",\"protocols\":[1]}";
        assertEquals(List.of(), schemas.serverViolations(json(error)));
        assertFalse(schemas.serverViolations(json(error.replace(",\"protocols\":[1]", ""))).isEmpty(),
                "unsupported_protocol says which levels the daemon speaks");
        assertFalse(schemas.serverViolations(json(error.replace("unsupported_protocol", "bad_request"))).isEmpty(),
                "protocols only with unsupported_protocol");
        assertFalse(schemas.serverViolations(json("{\"type\":\"event\"}")).isEmpty());
    }

    @Test
    void theCheckOfTheTestClientsFindsWhatBreaksTheSchemas() {
        SchemaCheck check = new SchemaCheck("test");
        check.received("{\"type\":\"reply\",\"id\":\"a\",\"extra\":true}",
                WsTestClient.object("type", "reply", "id", "a").put("extra", true));
        check.sent("{\"type\":\"ping\",\"id\":\"b\"}");
        check.sent("{\"type\":\"ping\",\"id\":\"b\",\"x\":1}");
        check.received("{\"type\":\"reply\",\"id\":\"b\"}", WsTestClient.object("type", "reply", "id", "b"));
        check.received("{\"type\":\"reply\",\"id\":\"b\"}", WsTestClient.object("type", "reply", "id", "b"));
        check.sent("{\"type\":\"ping\",\"id\":\"c\",\"extra\":1}");
        check.sent("{\"type\":\"ping\",\"id\":\"c \",\"session\":1}");
        check.sent("{\"type\":\"ping\",\"id\":7}");
        check.sent("{\"type\":\"submitPin\",\"id\":\"d\",\"session\":\"s\",\"pin\":\"12345\"}");
        check.received("{\"type\":\"reply\",\"id\":\"d\"}", WsTestClient.object("type", "reply", "id", "d"));
        List<String> v = check.takeViolations();
        assertEquals(2, v.size(), v::toString);
        assertTrue(v.get(0).contains("server.json") && v.get(0).contains("extra"), v.get(0));
        assertTrue(v.get(1).contains("client.json") && v.get(1).contains("/pin"), v.get(1));
        assertEquals(List.of(), check.takeViolations(), "each violation is handed out once");
    }

    @Test
    void theTestClientsCheckEveryMessageTheyReceive() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1))) {
            WsTestClient c = f.client("schema-smoke");
            f.ok(c, "type", "ping");
            f.insert(c, DaemonFixture.R0, "default");
            c.await(WsTestClient.sessionIn(DaemonFixture.R0, "choose_mode"));
            assertTrue(c.schemaChecked() >= 5, () -> "checked " + c.schemaChecked());
        }
    }

    /** Every complete example line of protocol.md ({@code →} client, {@code ←} daemon) matches its schema. */
    @Test
    void theCompleteExamplesOfTheProtocolDocMatch() throws IOException {
        String doc;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("docs/protocol.md")) {
            doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> problems = new ArrayList<>();
        Set<String> checked = new TreeSet<>();
        for (String line : doc.split("\n")) {
            String t = line.strip();
            boolean toDaemon = t.startsWith("→ {");
            if (!toDaemon && !t.startsWith("← {") || t.contains("…")) {
                continue; // not an example, or one shortened with …
            }
            JsonNode m;
            try {
                m = json(t.substring(2));
            } catch (IOException e) {
                problems.add(t + "\n    not JSON: " + e.getMessage());
                continue;
            }
            List<String> v = toDaemon ? schemas.clientViolations(m) : schemas.serverViolations(m);
            if (!v.isEmpty()) {
                problems.add(t + "\n    " + String.join("\n    ", v));
            }
            checked.add(m.path("type").asText());
        }
        assertEquals(List.of(), problems);
        assertTrue(checked.containsAll(Set.of("hello", "welcome", "reader", "reply", "error", "sim.insert", "submitPin")),
                "complete examples checked: " + checked);
    }
}
