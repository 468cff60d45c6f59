package org.madoguchi.daemon.protocol;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON in and out for protocol v1. Decoding happens in two steps so that the caller can check the
 * connection state and permissions between them: {@link #open} finds the {@code type} (and a usable
 * {@code id}), {@link #decode} validates the fields of a known type. Unknown fields are ignored.
 */
public final class MessageCodec {
    /** Deepest JSON nesting accepted; protocol v1 messages are at most two levels deep. */
    public static final int MAX_DEPTH = 16;
    public static final int MAX_ID = 64;
    public static final int MAX_CLIENT = 128;
    public static final int MAX_TOKEN = 512;
    public static final int MAX_READER = 256;
    public static final int MAX_PROFILE = 64;

    private final ObjectMapper mapper;

    public MessageCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Parses a text frame as far as its type. */
    public Envelope open(String text) throws ProtocolException {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "JSON として読めません / Not valid JSON" + where);
        }
        if (!(node instanceof ObjectNode body)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "メッセージは JSON オブジェクトである必要があります / A message must be a JSON object");
        }
        JsonNode idNode = body.get("id");
        Optional<String> id = idNode != null && idNode.isTextual() && !idNode.textValue().isEmpty()
                && idNode.textValue().length() <= MAX_ID ? Optional.of(idNode.textValue()) : Optional.empty();
        JsonNode type = body.get("type");
        if (type == null || !type.isTextual() || type.textValue().isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "「type」(文字列)がありません / Missing string field 'type'");
        }
        return new Envelope(body, type.textValue(), id);
    }

    /** Validates the fields of a message whose type is known. */
    public ClientMessage decode(MessageType type, Envelope envelope) throws ProtocolException {
        ObjectNode b = envelope.body();
        return switch (type) {
            case HELLO -> new ClientMessage.Hello(optionalString(b, "token", MAX_TOKEN),
                    requiredString(b, "client", MAX_CLIENT));
            case PING -> new ClientMessage.Ping(requiredString(b, "id", MAX_ID));
            case SIM_INSERT -> new ClientMessage.SimInsert(requiredString(b, "id", MAX_ID),
                    requiredString(b, "reader", MAX_READER), requiredString(b, "profile", MAX_PROFILE));
            case SIM_REMOVE -> new ClientMessage.SimRemove(requiredString(b, "id", MAX_ID),
                    requiredString(b, "reader", MAX_READER));
        };
    }

    /** Serializes a daemon → client message as one line of JSON. */
    public String encode(ServerMessage message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + message.type(), e);
        }
    }

    /** The mapper, for other JSON the daemon writes (e.g. {@code /health}). */
    public ObjectMapper mapper() {
        return mapper;
    }

    private static String requiredString(ObjectNode body, String field, int maxLength) throws ProtocolException {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "「" + field + "」がありません / Missing field '" + field + "'");
        }
        return checkString(v, field, maxLength);
    }

    private static Optional<String> optionalString(ObjectNode body, String field, int maxLength)
            throws ProtocolException {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(checkString(v, field, maxLength));
    }

    private static String checkString(JsonNode v, String field, int maxLength) throws ProtocolException {
        if (!v.isTextual() || v.textValue().isEmpty() || v.textValue().length() > maxLength) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "「" + field + "」は 1〜" + maxLength
                    + " 文字の文字列で指定してください / Field '" + field + "' must be a string of 1 to " + maxLength
                    + " characters");
        }
        return v.textValue();
    }
}
