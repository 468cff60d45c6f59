package org.madoguchi.daemon;

import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.FuzzMessage.readTree;
import static org.madoguchi.daemon.FuzzMessage.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.madoguchi.daemon.FuzzMessage.Piece;
import org.madoguchi.daemon.security.SimulationClients;

/**
 * The {@link FuzzTest}'s message generators, from one seeded {@link Random}: well-formed messages of
 * every type, mutated and broken ones, and (in {@link FuzzViolations}) WebSocket protocol
 * violations. Each says which answers it allows where the checking order (protocol.md) decides it
 * whatever the connection's state and role. The order of the random draws is the fuzz's seed
 * contract: change a generator and the whole run changes.
 */
final class FuzzMessages {
    static final Set<String> SESSION_ANSWERS = Set.of("unknown_session", "bad_state", "forbidden");
    static final Set<String> BAD_REQUEST = Set.of("bad_request");
    static final int COMMAND_LIMIT = 64 * 1024;
    static final int MESSAGE_LIMIT = 1024 * 1024;
    /** Profiles the fuzz may put in Reader 0: not {@code default}, whose counters Reader 1's card shares. */
    static final List<String> FUZZ_PROFILES = List.of("juki", "not-my-number", "iphone", "under15");
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final Random r;
    int ids;
    /** Messages of about 1 MiB made so far (they are slow to send: a few are enough). */
    int big;

    FuzzMessages(Random r) {
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
    FuzzMessage valid() {
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
    FuzzMessage mutated() {
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
    FuzzMessage textMutated() {
        FuzzMessage base = valid();
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

    FuzzMessage unknownType() {
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
    FuzzMessage randomText() {
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
    FuzzMessage deep() {
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

    FuzzMessage nonObject() {
        return text("not an object", pick(List.of("1", "\"ping\"", "true", "null", "[]", "[1,2]",
                "[{\"type\":\"ping\",\"id\":\"x\"}]", "", " ", "\n", "\"\"", "-0.5e3")), BAD_REQUEST);
    }

    FuzzMessage binary() {
        FuzzMessage m = new FuzzMessage("binary", BAD_REQUEST);
        byte[] payload = r.nextBoolean() ? bytes(r.nextInt(2000)) : valid().frames.get(0).payload();
        m.frames.add(new Piece(true, RawWebSocket.BINARY, payload, true));
        m.preview = payload.length + " bytes";
        return r.nextBoolean() ? fragment(m) : m;
    }

    /** Over a type's size limit (checked after the type), or a face capture within its larger one. */
    FuzzMessage large() {
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
    FuzzMessage fragment(FuzzMessage m) {
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
    FuzzMessage next() {
        int roll = r.nextInt(1000);
        FuzzMessage m;
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
    FuzzMessage violation() {
        return FuzzViolations.next(this);
    }
}
