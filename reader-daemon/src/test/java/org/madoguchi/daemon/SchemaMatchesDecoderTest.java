package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.protocol.Envelope;
import org.madoguchi.daemon.protocol.ErrorCode;
import org.madoguchi.daemon.protocol.MessageCodec;
import org.madoguchi.daemon.protocol.MessageType;
import org.madoguchi.daemon.protocol.ProtocolException;

/**
 * client.json says exactly what the daemon's field checks accept: random messages of every type,
 * built from the values where the rules change (lengths at and over each limit, blank strings,
 * base64 with and without padding, numbers that are and are not integers…), are decoded by the
 * daemon ({@link MessageCodec}: type and fields, the checks before any state) and validated
 * against the schema, and the two must agree. The daemon may refuse a schema-valid message only
 * for what no schema can know: {@code unsupported_protocol} (which levels it speaks).
 */
class SchemaMatchesDecoderTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** What a refusal for the fields can be; any other code comes from later checks. */
    private static final Set<ErrorCode> FIELD_CODES = Set.of(ErrorCode.BAD_REQUEST, ErrorCode.INVALID_PIN_FORMAT,
            ErrorCode.INVALID_CARD_CODE, ErrorCode.TOO_LARGE, ErrorCode.UNKNOWN_TYPE, ErrorCode.UNSUPPORTED_PROTOCOL);
    /** The last expiry year the daemon takes in a 照合番号B: this year + 11 (which no schema can know). */
    private static final int LAST_EXPIRY_YEAR = java.time.Year.now(java.time.ZoneId.of("Asia/Tokyo")).getValue() + 11;

    private final ProtocolSchemas schemas = ProtocolSchemas.get();
    private final MessageCodec codec = new MessageCodec();

    /** Each field of each type, as the schema names them (and a few that no type has). */
    private static final Map<String, List<String>> FIELDS = Map.ofEntries(
            Map.entry("hello", List.of("client", "token", "protocol")),
            Map.entry("ping", List.of("id")),
            Map.entry("chooseMode", List.of("id", "session", "mode")),
            Map.entry("submitPin", List.of("id", "session", "pin", "challenge")),
            Map.entry("confirmLastTry", List.of("id", "session")),
            Map.entry("faceCapture", List.of("id", "session", "image", "frames")),
            Map.entry("submitCardCode", List.of("id", "session", "code")),
            Map.entry("retryFace", List.of("id", "session")),
            Map.entry("requestVisual", List.of("id", "session")),
            Map.entry("confirmVisual", List.of("id", "session", "staff", "note")),
            Map.entry("cancel", List.of("id", "session")),
            Map.entry("submitConsent", List.of("id", "session", "answers")),
            Map.entry("history", List.of("id")),
            Map.entry("recordDocument", List.of("id", "reader", "document", "staff", "note")),
            Map.entry("sim.insert", List.of("id", "reader", "profile", "photo")),
            Map.entry("sim.remove", List.of("id", "reader")),
            Map.entry("sim.face", List.of("id", "reader", "outcome")),
            Map.entry("sim.fault", List.of("id", "reader", "fault")));

    private static String b64(int bytes) {
        return Base64.getEncoder().encodeToString(new byte[bytes]);
    }

    /** Strings where the rules change: lengths at and over each limit, blanks, code points. */
    private static final List<String> STRINGS = List.of("a", "s-1", "", " ", "\t\n", "\u3000", "\u3000a", "\u00a0",
            "\u2007", "\u001c", "\u2028", " a ", "受付 佐藤", "😀".repeat(64), "😀".repeat(65), "x".repeat(16),
            "x".repeat(17), "x".repeat(32), "x".repeat(33), "x".repeat(64), "x".repeat(65), "x".repeat(128),
            "x".repeat(129), "x".repeat(256), "x".repeat(257), "x".repeat(500), "x".repeat(501), "x".repeat(512),
            "x".repeat(513));

    /** Values for each field besides the strings. */
    private static final Map<String, List<Object>> SPECIAL = Map.ofEntries(
            Map.entry("mode", List.of("face", "pin", "visual", "Face")),
            Map.entry("pin", List.of("1234", "0000", "123", "12345", "12a4", "１２３４", " 1234", 1234)),
            Map.entry("challenge", List.of(b64(1), b64(2), b64(32), b64(63), b64(64), b64(65), b64(80), "QQ", "QUI", "QQ=",
                    "Q", "QQ==QQ==", "QQ ==", "-_-_", b64(64).replace("=", ""), b64(62).replace("=", ""))),
            Map.entry("image", List.of("", b64(3), b64(100), "iVBORw0KGgo", "iVBORw0KGgo=", "QQ=", "Q", "%%%%",
                    "/9j/4A", "/9j/4A==", "/9g", "/9", "/8j/4A==", "iVBORw", "iVBORw==", "iVBOR", "iVBORg==")),
            Map.entry("photo", List.of("", "/9j/4AAQ", "/9g=", "iVBORw0KGgo", b64(3), "QQ=", "%%%%", "/9")),
            Map.entry("code", List.of("60040120344321", "60040120344322", "01022920290000", "99123120160000",
                    "60043020344321", "60023020344321", "60022920344321", "00040120344321", "60130120344321",
                    "60040120154321", "60040121004321", "6004012034432", "600401203443210", "6004012034432a",
                    "６００４０１２０３４４３２１", "60040120994321", "60040120" + (LAST_EXPIRY_YEAR % 100) + "4321",
                    "60040120" + ((LAST_EXPIRY_YEAR + 1) % 100) + "4321", 60040120344321L)),
            Map.entry("protocol", List.of(1, 2, 0, -1, new BigDecimal("1.0"), new BigDecimal("1.5"),
                    new BigDecimal("10e-1"), new BigDecimal("99999999999999999999"), "1", true)),
            Map.entry("document", List.of("shikaku_kakuninsho", "shikaku_joho_oshirase", "mynaportal", "passport")),
            Map.entry("outcome", List.of("match", "mismatch", "no_face", "not_live", "maybe")),
            Map.entry("fault", List.of("drop-verify-before", "drop-verify-after", "get-response", "wrong-le",
                    "fail-after-power-up", "melt")),
            Map.entry("profile", List.of("default", "pin-last-try")),
            Map.entry("frames", List.of("[]", "[\"\"]", "[\"/9j/4A\"]", "[\"/9j/4A\",\"iVBORw0KGgo\",\"/9g\"]",
                    "[\"QQ=\"]", "[\"/9j/4A\",\"QQ=\"]", "[1]", "[null]", "\"/9j/4A\"",
                    "[\"/9g\",\"/9g\",\"/9g\",\"/9g\",\"/9g\",\"/9g\",\"/9g\",\"/9g\"]",
                    "[\"/9g\",\"/9g\",\"/9g\",\"/9g\",\"/9g\",\"/9g\",\"/9g\",\"/9g\",\"/9g\"]", "null")),
            Map.entry("answers", List.of("{}", "{\"medication\":true}", "{\"medication\":true,\"cost_limit\":false}",
                    "{\"medication\":1}", "{\"medication\":null}", "{\"other\":true}", "[]", "true")));

    private JsonNode value(Random r, String field) throws Exception {
        List<Object> special = SPECIAL.getOrDefault(field, List.of());
        int roll = r.nextInt(10);
        if (roll < 5 && !special.isEmpty()) {
            Object v = special.get(r.nextInt(special.size()));
            if (field.equals("answers") || field.equals("frames")) {
                return WsTestClient.JSON.readTree((String) v);
            }
            return node(v);
        }
        if (roll < 8) {
            return NODES.textNode(STRINGS.get(r.nextInt(STRINGS.size())));
        }
        List<JsonNode> odd = List.of(NODES.nullNode(), NODES.numberNode(7), NODES.booleanNode(false),
                NODES.arrayNode().add("a"), NODES.objectNode().put("a", 1));
        return odd.get(r.nextInt(odd.size()));
    }

    private static JsonNode node(Object v) {
        if (v instanceof String s) {
            return NODES.textNode(s);
        } else if (v instanceof Integer i) {
            return NODES.numberNode(i);
        } else if (v instanceof Long l) {
            return NODES.numberNode(l);
        } else if (v instanceof BigDecimal d) {
            return NODES.numberNode(d);
        } else if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        throw new IllegalArgumentException(String.valueOf(v));
    }

    /** A message of this type: every field valid-looking, then some left out or replaced. */
    private ObjectNode message(Random r, String type) throws Exception {
        ObjectNode m = NODES.objectNode();
        m.put("type", type);
        for (String field : FIELDS.get(type)) {
            int roll = r.nextInt(10);
            if (roll == 0) {
                continue; // left out
            }
            m.set(field, roll < 5 ? good(field) : value(r, field));
        }
        if (r.nextInt(8) == 0) {
            m.put("extra", "ignored");
        }
        return m;
    }

    private static JsonNode good(String field) throws Exception {
        return switch (field) {
            case "mode" -> NODES.textNode("pin");
            case "pin" -> NODES.textNode("1234");
            case "challenge" -> NODES.textNode(b64(32));
            case "image" -> NODES.textNode("/9j/4AAQSkZJ");
            case "frames" -> WsTestClient.JSON.readTree("[\"/9j/4AAQ\",\"iVBORw0KGgo=\",\"/9j/4AAQ\"]");
            case "code" -> NODES.textNode("60040120344321");
            case "photo" -> NODES.textNode("iVBORw0KGgo=");
            case "protocol" -> NODES.numberNode(1);
            case "document" -> NODES.textNode("mynaportal");
            case "outcome" -> NODES.textNode("match");
            case "fault" -> NODES.textNode("wrong-le");
            case "profile" -> NODES.textNode("default");
            case "answers" -> WsTestClient.JSON.readTree("{\"treatment\":false}");
            default -> NODES.textNode("ok-" + field);
        };
    }

    /** The daemon's verdict on the message's type and fields: empty when it takes them. */
    private Optional<ErrorCode> daemon(String text) {
        try (Envelope e = codec.open(text)) {
            MessageType type = MessageType.of(e.type()).orElse(null);
            if (type == null) {
                return Optional.of(ErrorCode.UNKNOWN_TYPE);
            }
            codec.decode(type, e);
            return Optional.empty();
        } catch (ProtocolException e) {
            return Optional.of(e.code());
        }
    }

    /** A 照合番号B whose expiry year is after this year + 11: refused by the daemon, beyond the schema. */
    private static boolean expiryTooLate(ObjectNode m) {
        String code = m.path("code").asText("");
        return code.length() == 14 && Integer.parseInt(code.substring(6, 10)) > LAST_EXPIRY_YEAR;
    }

    @Test
    void theSchemaAcceptsExactlyWhatTheDaemonsFieldChecksAccept() throws Exception {
        Random r = new Random(20261204);
        List<String> types = new ArrayList<>(new java.util.TreeSet<>(FIELDS.keySet()));
        types.addAll(List.of("nope", "", "Hello", "sim.explode"));
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 20_000 && problems.size() < 20; i++) {
            String type = types.get(r.nextInt(types.size()));
            ObjectNode m = message(r, FIELDS.containsKey(type) ? type : "ping");
            m.put("type", type);
            if (r.nextInt(50) == 0) {
                m.remove("type");
            }
            String text = WsTestClient.JSON.writeValueAsString(m);
            Optional<ErrorCode> verdict = daemon(text);
            List<String> violations = schemas.clientViolations(SchemaCheck.EXACT.readTree(text));
            boolean valid = violations.isEmpty();
            outcomes.merge((valid ? "valid, " : "invalid, ") + verdict.map(ErrorCode::code).orElse("taken"), 1,
                    Integer::sum);
            if (verdict.isEmpty() && !valid) {
                problems.add("the daemon takes what the schema refuses: " + text + "\n    " + violations);
            } else if (verdict.isPresent() && valid && verdict.get() != ErrorCode.UNSUPPORTED_PROTOCOL
                    && !(verdict.get() == ErrorCode.INVALID_CARD_CODE && expiryTooLate(m))) {
                problems.add("the daemon refuses (" + verdict.get().code() + ") what the schema accepts: " + text);
            } else if (verdict.isPresent() && !FIELD_CODES.contains(verdict.get())) {
                problems.add("a field check answered " + verdict.get().code() + ": " + text);
            }
        }
        assertEquals(List.of(), problems, () -> "outcomes: " + outcomes);
        assertTrue(outcomes.getOrDefault("valid, taken", 0) > 2_000, outcomes::toString);
        assertTrue(outcomes.getOrDefault("invalid, bad_request", 0) > 2_000, outcomes::toString);
        assertTrue(outcomes.getOrDefault("valid, unsupported_protocol", 0) > 10, outcomes::toString);
        assertTrue(outcomes.getOrDefault("invalid, invalid_pin_format", 0) > 10, outcomes::toString);
        assertTrue(outcomes.getOrDefault("invalid, invalid_card_code", 0) > 10, outcomes::toString);
        assertTrue(outcomes.getOrDefault("invalid, too_large", 0) > 10, outcomes::toString);
        assertTrue(outcomes.getOrDefault("valid, invalid_card_code", 0) > 0, "an expiry year past this year + 11");
    }
}
