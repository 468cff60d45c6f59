package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.DaemonFixture.R1;
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
import java.util.Base64;
import java.util.HexFormat;
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

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.LimitsConfig;
import org.madoguchi.daemon.security.SimulationClients;

/**
 * Over 10,000 random, mutated and malformed messages and frames against a live simulated daemon,
 * while a normal PIN session runs on the other reader. For every message the daemon either answers
 * it ({@code reply}, {@code welcome} or an {@code error} with a code of the design's list, never
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
    private static final List<String> CODES = List.of("bad_request", "unknown_type", "forbidden", "bad_state",
            "unknown_session", "invalid_pin_format", "too_large", "rate_limited");
    private static final Set<String> EVENTS = Set.of("session", "reader", "result");
    private static final Set<String> SESSION_ANSWERS = Set.of("unknown_session", "bad_state", "forbidden");
    private static final Set<String> BAD_REQUEST = Set.of("bad_request");
    private static final int COMMAND_LIMIT = 64 * 1024;
    private static final int MESSAGE_LIMIT = 1024 * 1024;
    /** Profiles the fuzz may put in Reader 0: not {@code default}, whose counters Reader 1's card shares. */
    private static final List<String> FUZZ_PROFILES = List.of("juki", "not-my-number", "iphone", "under15");

    /** JSON as the daemon reads it (protocol.md limits), to know which messages have a usable id. */
    private static final ObjectMapper AS_THE_DAEMON_READS = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxNameLength(64)
                    .maxNumberLength(32).maxStringLength(MESSAGE_LIMIT).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Strict JSON for what the daemon sends. */
    private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A frame to send. */
    private record Piece(boolean fin, int opcode, byte[] payload, boolean masked) {
    }

    /** One client message: its frames (with any control frames between them) and what may answer it. */
    private static final class Msg {
        final String kind;
        final List<Piece> frames = new ArrayList<>();
        /** Allowed answers: reply, welcome or error codes; null: any code of the list. */
        final Set<String> allowed;
        /** For a protocol violation: the close statuses allowed; the connection must close. */
        Set<Integer> closes = Set.of();
        /** The id and type as the daemon sees them (null: none usable). */
        String id;
        String type;
        int pings;
        String preview = "";

        Msg(String kind, Set<String> allowed) {
            this.kind = kind;
            this.allowed = allowed;
        }

        boolean violation() {
            return !closes.isEmpty();
        }

        @Override
        public String toString() {
            return kind + " " + preview;
        }
    }

    private static Msg text(String kind, String json, Set<String> allowed) {
        return text(kind, json.getBytes(StandardCharsets.UTF_8), allowed);
    }

    private static Msg text(String kind, byte[] utf8, Set<String> allowed) {
        Msg m = new Msg(kind, allowed);
        m.frames.add(new Piece(true, RawWebSocket.TEXT, utf8, true));
        describe(m, utf8);
        return m;
    }

    /** Finds the id and type the daemon will see, with the daemon's own JSON limits. */
    private static void describe(Msg m, byte[] utf8) {
        m.preview = new String(utf8, 0, Math.min(utf8.length, 160), StandardCharsets.UTF_8)
                + (utf8.length > 160 ? "… (" + utf8.length + " bytes)" : "");
        try {
            JsonNode node = AS_THE_DAEMON_READS.readTree(utf8);
            if (node != null && node.isObject()) {
                JsonNode id = node.get("id");
                m.id = id != null && id.isTextual() && !id.textValue().isEmpty() && id.textValue().length() <= 64
                        ? id.textValue() : null;
                JsonNode type = node.get("type");
                m.type = type != null && type.isTextual() && !type.textValue().isEmpty() ? type.textValue() : null;
            }
        } catch (IOException e) {
            // not JSON the daemon takes: no id, no type
        }
    }

    // ---- generators ------------------------------------------------------------------------------

    /** Makes the messages, from one seeded {@link Random}. */
    private static final class Gen {
        final Random r;
        int ids;
        int big;

        Gen(Random r) {
            this.r = r;
        }

        String id() {
            return "f" + ++ids;
        }

        <T> T pick(List<T> list) {
            return list.get(r.nextInt(list.size()));
        }

        String unicode(int n) {
            StringBuilder b = new StringBuilder();
            int[][] ranges = {{0x20, 0x7e}, {0x00, 0x1f}, {0xa0, 0x24f}, {0x3040, 0x30ff}, {0x4e00, 0x9fff},
                    {0x0600, 0x06ff}, {0x0300, 0x036f}, {0x1f600, 0x1f64f}, {0xfff0, 0xffff}, {0x2028, 0x202e}};
            for (int i = 0; i < n; i++) {
                int[] range = ranges[r.nextInt(ranges.length)];
                b.appendCodePoint(range[0] + r.nextInt(range[1] - range[0] + 1));
            }
            return b.toString();
        }

        String fakeSession() {
            return switch (r.nextInt(6)) {
                case 0, 1, 2 -> "s-" + HexFormat.of().formatHex(bytes(8));
                case 3 -> "s-0000000000000000";
                case 4 -> "s" + unicode(r.nextInt(8)); // never blank: a blank session is bad_request
                default -> "s".repeat(64);
            };
        }

        String fakeReader() {
            return pick(List.of("Simulated Reader 9", "Simulated Reader", "simulated reader 0", "Nope",
                    "Simulated Reader 0 ", "読み取り機"));
        }

        byte[] bytes(int n) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            return b;
        }

        String base64(int n) {
            return Base64.getEncoder().encodeToString(bytes(n));
        }

        /** A well-formed message of a random type, with what may answer it. */
        Msg valid() {
            ObjectNode o = NODES.objectNode();
            Set<String> allowed = SESSION_ANSWERS;
            int roll = r.nextInt(100);
            String type;
            if (roll < 6) {
                type = "hello";
                o.put("type", type).put("client", "fuzz-" + r.nextInt(1000));
                if (r.nextInt(4) > 0) {
                    o.put("token", SimulationClients.STAFF_TOKEN);
                }
                allowed = Set.of("welcome", "bad_state");
            } else if (roll < 22) {
                type = "ping";
                o.put("type", type).put("id", id());
                allowed = Set.of("reply", "bad_state");
            } else if (roll < 95) {
                type = pick(List.of("chooseMode", "submitPin", "confirmLastTry", "faceCapture", "retryFace",
                        "requestVisual", "confirmVisual", "cancel"));
                o.put("type", type).put("id", id()).put("session", fakeSession());
                switch (type) {
                    case "chooseMode" -> o.put("mode", r.nextBoolean() ? "pin" : "face");
                    case "submitPin" -> {
                        o.put("pin", String.format("%04d", r.nextInt(10_000)));
                        if (r.nextBoolean()) {
                            o.put("challenge", base64(1 + r.nextInt(64)));
                        }
                        if (r.nextInt(4) == 0) { // a PIN that is not 4 ASCII digits: refused before the session
                            o.put("pin", pick(List.of("123", "12345", "abcd", "١٢٣٤", "12 4", "", "+123",
                                    "１２３４", "0x12", "12\u00004")));
                            allowed = Set.of("invalid_pin_format", "bad_state", "forbidden");
                        } else if (r.nextInt(8) == 0) {
                            o.put("challenge", base64(65 + r.nextInt(40)));
                            allowed = Set.of("too_large", "bad_state", "forbidden");
                        }
                    }
                    case "faceCapture" -> o.put("image", r.nextBoolean() ? "" : base64(r.nextInt(300)));
                    case "confirmVisual" -> {
                        o.put("staff", pick(List.of("田中", "staff", "s".repeat(64))));
                        if (r.nextBoolean()) {
                            o.put("note", unicode(1 + r.nextInt(100)));
                        }
                    }
                    default -> {
                    }
                }
            } else {
                type = pick(List.of("sim.insert", "sim.remove", "sim.face"));
                boolean real = r.nextInt(3) > 0;
                o.put("type", type).put("id", id()).put("reader", real ? R0 : fakeReader());
                allowed = real ? Set.of("reply", "bad_state") : Set.of("bad_request", "bad_state");
                switch (type) {
                    case "sim.insert" -> {
                        boolean known = r.nextInt(3) > 0;
                        o.put("profile", known ? pick(FUZZ_PROFILES) : pick(List.of("nope", "DEFAULT", "juki ")));
                        if (!known) {
                            allowed = Set.of("bad_request", "bad_state");
                        }
                    }
                    case "sim.remove" -> allowed = real ? Set.of("reply", "bad_request", "bad_state") : allowed; // no card
                    default -> o.put("outcome", pick(List.of("match", "mismatch", "no_face")));
                }
            }
            return text("valid " + type, o.toString(), allowed);
        }

        /** A well-formed message with 1–3 mutations of its fields; anything of the list may answer. */
        Msg mutated() {
            ObjectNode o = (ObjectNode) readTree(valid().frames.get(0).payload());
            List<String> raws = new ArrayList<>();
            for (int n = 1 + r.nextInt(3); n > 0; n--) {
                List<String> names = new ArrayList<>();
                o.fieldNames().forEachRemaining(names::add);
                String field = names.isEmpty() ? "type" : pick(names);
                switch (r.nextInt(12)) {
                    case 0 -> o.remove(field);
                    case 1 -> o.put(field, r.nextInt());
                    case 2 -> o.put(field, r.nextBoolean());
                    case 3 -> o.putNull(field);
                    case 4 -> o.set(field, NODES.arrayNode().add(1).add("a").add(NODES.objectNode()));
                    case 5 -> o.set(field, NODES.objectNode().put("type", "ping").set("x", NODES.arrayNode()));
                    case 6 -> o.put(field, "");
                    case 7 -> o.put(field, r.nextBoolean() ? " \t" : unicode(1 + r.nextInt(40)));
                    case 8 -> o.put(field, String.format("%06d", ++ids)
                            + "x".repeat(pick(List.of(57, 58, 59, 122, 123, 494, 507, 4994))));
                    case 9 -> o.put(pick(List.of("extra", "", "日本語", "__proto__", "id2", "n".repeat(64))),
                            unicode(r.nextInt(10)));
                    case 10 -> {
                        raws.add(pick(List.of("1e999999", "-1e999999", "1E400", "9".repeat(400), "-" + "1".repeat(33),
                                "0." + "0".repeat(399) + "1", "1.5e-999999", "1".repeat(32), "-0", "NaN",
                                "Infinity", "0x10", "01", "+1", "1.", ".5", "1e", "tru", "undefined", "'q'")));
                        o.put(field, "\u0001RAW" + (raws.size() - 1));
                    }
                    default -> o.set(field, new BigIntegerNode(new java.math.BigInteger(100, r)));
                }
            }
            String json = o.toString();
            for (int i = 0; i < raws.size(); i++) {
                json = json.replace("\"\\u0001RAW" + i + "\"", raws.get(i));
            }
            return text("mutated", json, null);
        }

        /** A well-formed message broken as text. */
        Msg textMutated() {
            Msg base = valid();
            String json = new String(base.frames.get(0).payload(), StandardCharsets.UTF_8);
            String firstKey = json.substring(1, json.indexOf(':'));
            return switch (r.nextInt(11)) {
                case 0 -> text("truncated", json.substring(0, r.nextInt(json.length())), BAD_REQUEST);
                case 1 -> text("duplicate key", "{" + firstKey + ":1," + json.substring(1), BAD_REQUEST);
                case 2 -> text("trailing text", json + pick(List.of(" x", "}", "{}", ",", "]", "\u0000", "null", "//")),
                        BAD_REQUEST);
                case 3 -> text("trailing space", json + pick(List.of("\n", " \t ", "\r\n")), base.allowed);
                case 4 -> text("comment", "{/*c*/" + json.substring(1), BAD_REQUEST);
                case 5 -> text("single quotes", json.replace('"', '\''), BAD_REQUEST);
                case 6 -> text("name of 65", "{\"" + "n".repeat(65) + "\":1," + json.substring(1), BAD_REQUEST);
                case 7 -> text("name of 64", "{\"" + "n".repeat(64) + "\":1," + json.substring(1), base.allowed);
                case 8 -> text("number of 33", "{\"n\":" + "7".repeat(33) + "," + json.substring(1), BAD_REQUEST);
                case 9 -> text("number of 32", "{\"n\":" + "7".repeat(32) + "," + json.substring(1), base.allowed);
                default -> {
                    char[] c = json.toCharArray();
                    c[r.nextInt(c.length)] = (char) (0x20 + r.nextInt(0x5f));
                    yield text("char flipped", new String(c), null);
                }
            };
        }

        Msg unknownType() {
            String type = pick(List.of("Ping", "PING", "ping ", " ping", "sim.", "sim.eject", "welcome", "reply",
                    "error", "session", "result", "reader", "hello\u0000", "submitpin", "chooseMode2", "__proto__",
                    "toString", "x".repeat(10_000), unicode(1 + r.nextInt(20)) + "?"));
            ObjectNode o = NODES.objectNode().put("type", type);
            if (r.nextBoolean()) {
                o.put("id", id());
            }
            return text("unknown type", o.toString(), Set.of("unknown_type"));
        }

        /** Random text: random bytes when they happen to be valid UTF-8, else random characters. */
        Msg randomText() {
            for (int attempt = 0; attempt < 4; attempt++) {
                byte[] b = bytes(1 + r.nextInt(60));
                for (int i = 0; i < b.length; i++) {
                    b[i] = r.nextInt(4) > 0 ? (byte) (b[i] & 0x7f) : b[i];
                }
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(b));
                    return text("random bytes", b, BAD_REQUEST);
                } catch (CharacterCodingException e) {
                    // try again
                }
            }
            return text("random text", unicode(r.nextInt(300)), BAD_REQUEST);
        }

        /** Nesting to a total depth of 10, 16, 17, 1000 or 100000: more than 16 is refused. */
        Msg deep() {
            int depth = pick(List.of(10, 16, 17, 17, 1000, 1000, 100_000));
            boolean arrays = r.nextBoolean();
            StringBuilder b = new StringBuilder("{\"type\":\"ping\",\"id\":\"").append(id()).append("\",\"deep\":");
            for (int i = 1; i < depth; i++) {
                b.append(arrays ? "[" : "{\"a\":");
            }
            b.append("1");
            for (int i = 1; i < depth; i++) {
                b.append(arrays ? "]" : "}");
            }
            b.append('}');
            if (r.nextInt(4) == 0) { // the same nesting at the top level
                return text("deep top " + depth, "[".repeat(depth) + "]".repeat(depth), BAD_REQUEST);
            }
            return text("deep " + depth, b.toString(), depth <= 16 ? Set.of("reply", "bad_state") : BAD_REQUEST);
        }

        Msg nonObject() {
            return text("not an object", pick(List.of("1", "\"ping\"", "true", "null", "[]", "[1,2]",
                    "[{\"type\":\"ping\",\"id\":\"x\"}]", "", " ", "\n", "\"\"", "-0.5e3")), BAD_REQUEST);
        }

        Msg binary() {
            Msg m = new Msg("binary", BAD_REQUEST);
            byte[] payload = r.nextBoolean() ? bytes(r.nextInt(2000)) : valid().frames.get(0).payload();
            m.frames.add(new Piece(true, RawWebSocket.BINARY, payload, true));
            m.preview = payload.length + " bytes";
            return r.nextBoolean() ? fragment(m) : m;
        }

        /** Over a type's size limit (checked after the type), or a face capture within its larger one. */
        Msg large() {
            switch (r.nextInt(big < 6 ? 6 : 5)) {
                case 0, 1 -> {
                    ObjectNode o = (ObjectNode) readTree(valid().frames.get(0).payload());
                    boolean face = "faceCapture".equals(o.path("type").asText());
                    int size = COMMAND_LIMIT + 1 + (face || r.nextBoolean() ? 0 : r.nextInt(40_000));
                    return text(face ? "face capture over 64 KiB" : "over 64 KiB", padded(o, size),
                            face ? SESSION_ANSWERS : Set.of("too_large"));
                }
                case 2 -> {
                    ObjectNode o = NODES.objectNode().put("type", "ping").put("id", id());
                    return text("ping of exactly 64 KiB", padded(o, COMMAND_LIMIT), Set.of("reply", "bad_state"));
                }
                case 3 -> {
                    ObjectNode o = NODES.objectNode().put("type", "noSuchType").put("id", id());
                    return text("unknown type over 64 KiB", padded(o, COMMAND_LIMIT + 100), Set.of("unknown_type"));
                }
                case 4 -> {
                    ObjectNode o = NODES.objectNode().put("type", "faceCapture").put("id", id())
                            .put("session", fakeSession()).put("image", base64(48_000 + r.nextInt(100_000)));
                    return text("face capture over 64 KiB", padded(o, -1), SESSION_ANSWERS);
                }
                default -> {
                    big++;
                    ObjectNode o = NODES.objectNode().put("type", "faceCapture").put("id", id())
                            .put("session", fakeSession()).put("image", base64(600_000));
                    return text("face capture of exactly 1 MiB", padded(o, MESSAGE_LIMIT), SESSION_ANSWERS);
                }
            }
        }

        /** The message with a {@code pad} field making it exactly {@code size} bytes (-1: no padding). */
        String padded(ObjectNode o, int size) {
            if (size < 0) {
                return o.toString();
            }
            o.put("pad", "");
            int missing = size - o.toString().getBytes(StandardCharsets.UTF_8).length;
            return o.put("pad", "p".repeat(missing)).toString();
        }

        /** Splits a one-frame message into 2–5 frames, maybe empty ones, with pings between them. */
        Msg fragment(Msg m) {
            Piece whole = m.frames.get(0);
            byte[] p = whole.payload();
            int parts = 2 + r.nextInt(4);
            int[] cuts = new int[parts + 1];
            cuts[parts] = p.length;
            for (int i = 1; i < parts; i++) {
                cuts[i] = p.length == 0 ? 0 : r.nextInt(p.length + 1);
            }
            Arrays.sort(cuts);
            m.frames.clear();
            for (int i = 0; i < parts; i++) {
                if (i > 0 && r.nextBoolean()) {
                    m.frames.add(new Piece(true, RawWebSocket.PING, bytes(r.nextInt(126)), true));
                    m.pings++;
                }
                m.frames.add(new Piece(i == parts - 1, i == 0 ? whole.opcode() : RawWebSocket.CONTINUATION,
                        Arrays.copyOfRange(p, cuts[i], cuts[i + 1]), true));
            }
            return m;
        }

        /** One message for a batch: anything that must be answered, never a protocol violation. */
        Msg next() {
            int roll = r.nextInt(1000);
            Msg m;
            if (roll < 330) {
                m = valid();
            } else if (roll < 620) {
                m = mutated();
            } else if (roll < 760) {
                m = textMutated();
            } else if (roll < 820) {
                m = unknownType();
            } else if (roll < 870) {
                m = randomText();
            } else if (roll < 905) {
                m = deep();
            } else if (roll < 935) {
                m = nonObject();
            } else if (roll < 965) {
                return binary();
            } else if (roll < 980) {
                m = large();
            } else {
                return fragment(valid());
            }
            if (new String(m.frames.get(0).payload(), StandardCharsets.UTF_8).contains("Reader 1")) { // the control's
                return next();
            }
            return r.nextInt(12) == 0 && m.frames.get(0).payload().length < 200_000 ? fragment(m) : m;
        }

        /** A WebSocket protocol violation (or a client close): the daemon must close the connection. */
        Msg violation() {
            byte[] ping = NODES.objectNode().put("type", "ping").put("id", id()).toString().getBytes(StandardCharsets.UTF_8);
            int roll = r.nextInt(big < 8 ? 13 : 12);
            Msg m = new Msg(switch (roll) {
                case 0, 1 -> "invalid UTF-8";
                case 2 -> "continuation without start";
                case 3 -> "new message inside a fragmented one";
                case 4 -> "reserved opcode";
                case 5 -> "RSV1 bit";
                case 6 -> "unmasked frame";
                case 7 -> "ping over 125 bytes";
                case 8 -> "fragmented ping";
                case 9 -> "bad close frame";
                case 10 -> "client close";
                case 11 -> "binary inside a fragmented text";
                default -> "message over 1 MiB";
            }, Set.of());
            m.closes = Set.of(1002);
            switch (roll) {
                case 0, 1 -> {
                    byte[] bad = pick(List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3, 0x28},
                            new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                            new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                            new byte[] {(byte) 0xe3, (byte) 0x81}));
                    int at = ping.length - 3; // inside the id string
                    byte[] p = new byte[ping.length + bad.length];
                    System.arraycopy(ping, 0, p, 0, at);
                    System.arraycopy(bad, 0, p, at, bad.length);
                    System.arraycopy(ping, at, p, at + bad.length, ping.length - at);
                    m.frames.add(new Piece(true, RawWebSocket.TEXT, p, true));
                    m.preview = HexFormat.of().formatHex(bad) + " in a ping";
                    if (roll == 1) {
                        fragment(m);
                    }
                    m.closes = Set.of(1007);
                }
                case 2 -> m.frames.add(new Piece(true, RawWebSocket.CONTINUATION, ping, true));
                case 3 -> {
                    m.frames.add(new Piece(false, RawWebSocket.TEXT, Arrays.copyOf(ping, 5), true));
                    m.frames.add(new Piece(true, RawWebSocket.TEXT, ping, true));
                }
                case 4 -> {
                    int op = r.nextBoolean() ? 3 + r.nextInt(5) : 0xb + r.nextInt(5);
                    m.frames.add(new Piece(true, op, r.nextBoolean() ? ping : bytes(r.nextInt(100)), true));
                    m.preview = "opcode " + op;
                }
                case 5 -> m.frames.add(new Piece(true, RawWebSocket.TEXT | RawWebSocket.RSV1, ping, true));
                case 6 -> m.frames.add(new Piece(true, RawWebSocket.TEXT, ping, false));
                case 7 -> m.frames.add(new Piece(true, RawWebSocket.PING, bytes(126 + r.nextInt(200)), true));
                case 8 -> {
                    m.frames.add(new Piece(false, RawWebSocket.PING, bytes(10), true));
                    m.frames.add(new Piece(true, RawWebSocket.CONTINUATION, bytes(10), true));
                }
                case 9 -> {
                    byte[] close = pick(List.of(new byte[] {0x03}, new byte[] {0x03, (byte) 0xe7},
                            new byte[] {0x03, (byte) 0xed}, new byte[] {0x03, (byte) 0xe8, (byte) 0xff}));
                    m.frames.add(new Piece(true, RawWebSocket.CLOSE, close, true));
                    // The client closes anyway; Netty may fail it (1002, 1007), echo its 1000, or just close.
                    m.closes = Set.of(1000, 1002, 1007);
                }
                case 10 -> {
                    m.frames.add(new Piece(true, RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xe8, 'b', 'y', 'e'}, true));
                    m.closes = Set.of(1000);
                }
                case 11 -> {
                    m.frames.add(new Piece(false, RawWebSocket.TEXT, Arrays.copyOf(ping, 5), true));
                    m.frames.add(new Piece(true, RawWebSocket.BINARY, ping, true));
                }
                default -> {
                    big++;
                    ObjectNode o = NODES.objectNode().put("type", "faceCapture").put("id", id())
                            .put("session", fakeSession()).put("image", "");
                    byte[] p = padded(o, MESSAGE_LIMIT + 1 + r.nextInt(4096)).getBytes(StandardCharsets.UTF_8);
                    m.frames.add(new Piece(true, r.nextInt(4) == 0 ? RawWebSocket.BINARY : RawWebSocket.TEXT, p, true));
                    m.preview = p.length + " bytes";
                    if (r.nextBoolean()) {
                        fragment(m);
                        m.preview += " in " + m.frames.size() + " frames";
                    }
                    m.closes = Set.of(1009);
                }
            }
            if (m.preview.isEmpty()) {
                m.preview = m.frames.size() == 1 && m.frames.get(0).payload().length <= 16
                        ? "payload " + HexFormat.of().formatHex(m.frames.get(0).payload()) : m.frames.size() + " frames";
            }
            return m;
        }
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return STRICT.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

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
        final List<Msg> pending = new ArrayList<>();
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

        void send(Msg m) throws IOException {
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
            Msg msg = matching(m, type, text);
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
                assertTrue(CODES.contains(code), "an error code of the design's list: " + text);
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
        private Msg matching(JsonNode m, String type, String text) {
            Msg head = pending.stream().filter(p -> !asynchronous(p)).findFirst().orElse(null);
            Msg msg;
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
        private boolean asynchronous(Msg msg) {
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
    private static String violate(Conn c, Msg v) throws IOException {
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
        Gen gen = new Gen(random);
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
                    Msg v = gen.violation();
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
                        Msg m = gen.next();
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
