package org.madoguchi.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One client message of the {@link FuzzTest}: its frames (with any control frames between them) and
 * what may answer it.
 */
final class FuzzMessage {
    /** JSON as the daemon reads it (protocol.md limits), to know which messages have a usable id. */
    private static final ObjectMapper AS_THE_DAEMON_READS = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxNameLength(64)
                    .maxNumberLength(32).maxStringLength(FuzzMessages.MESSAGE_LIMIT).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Strict JSON for what the daemon sends. */
    static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A frame to send. */
    record Piece(boolean fin, int opcode, byte[] payload, boolean masked) {
    }

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

    FuzzMessage(String kind, Set<String> allowed) {
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

    static FuzzMessage text(String kind, String json, Set<String> allowed) {
        return text(kind, json.getBytes(StandardCharsets.UTF_8), allowed);
    }

    static FuzzMessage text(String kind, byte[] utf8, Set<String> allowed) {
        FuzzMessage m = new FuzzMessage(kind, allowed);
        m.frames.add(new Piece(true, RawWebSocket.TEXT, utf8, true));
        describe(m, utf8);
        return m;
    }

    /** Finds the id and type the daemon will see, with the daemon's own JSON limits. */
    private static void describe(FuzzMessage m, byte[] utf8) {
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

    static JsonNode readTree(byte[] json) {
        try {
            return STRICT.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
