package org.madoguchi.daemon.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON in and out for protocol v1. Decoding happens in two steps so that the caller can check the
 * connection state and permissions between them: {@link #open} finds the {@code type} (and a usable
 * {@code id}), {@link #decode} validates the fields of a known type. Unknown fields are ignored.
 *
 * <p>{@link #open} reads the top-level object field by field; a string {@code pin} is copied out of
 * the parser as characters and never becomes a {@link String} (docs/card.md §11.4).
 */
public final class MessageCodec {
    /** Deepest JSON nesting accepted; protocol v1 messages are at most three levels deep. */
    public static final int MAX_DEPTH = 16;
    /** Longest field name, in characters; protocol v1 names are short. */
    public static final int MAX_NAME = 64;
    /** Longest number, in characters: protocol v1 has no number fields, and a huge one is refused unread. */
    public static final int MAX_NUMBER = 32;
    /** Largest message of any type but {@code faceCapture}, in bytes. */
    public static final int MAX_COMMAND_MESSAGE = 64 * 1024;
    /** Largest {@code faceCapture} message (and WebSocket message), in bytes. */
    public static final int MAX_FACE_MESSAGE = 1024 * 1024;

    private final ObjectMapper mapper;
    private final CommandDecoder decoder = new CommandDecoder();

    public MessageCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_FACE_MESSAGE)
                        .maxNameLength(MAX_NAME)
                        .maxNumberLength(MAX_NUMBER)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory);
    }

    /** Parses a text message (tests, and callers that already hold a String). */
    public Envelope open(String text) throws ProtocolException {
        return open(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a text message, given as UTF-8, as far as its type. The caller closes the envelope. */
    public Envelope open(byte[] utf8) throws ProtocolException {
        ObjectNode body = mapper.createObjectNode();
        char[] pin = null;
        try (JsonParser p = mapper.getFactory().createParser(utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST,
                        "メッセージは JSON オブジェクトである必要があります", "A message must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("pin") && value == JsonToken.VALUE_STRING) {
                    pin = Arrays.copyOfRange(p.getTextCharacters(), p.getTextOffset(),
                            p.getTextOffset() + p.getTextLength());
                } else {
                    body.set(name, mapper.readTree(p));
                }
            }
            if (p.nextToken() != null) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST,
                        "JSON の後に余分な文字があります", "Text after the JSON object");
            }
        } catch (JsonProcessingException e) {
            wipe(pin);
            var at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "JSON として読めません", "Not valid JSON" + where);
        } catch (IOException e) {
            wipe(pin);
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "JSON として読めません", "Not valid JSON");
        } catch (ProtocolException | RuntimeException e) {
            wipe(pin);
            throw e;
        }
        JsonNode idNode = body.get("id");
        Optional<String> id = idNode != null && idNode.isTextual()
                && Unicode.fits(idNode.textValue(), CommandDecoder.MAX_ID)
                ? Optional.of(idNode.textValue()) : Optional.empty();
        JsonNode type = body.get("type");
        if (type == null || !type.isTextual() || type.textValue().isEmpty()) {
            wipe(pin);
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "「type」(文字列)がありません", "Missing string field 'type'", id.orElse(null));
        }
        return new Envelope(body, type.textValue(), id, utf8.length, pin);
    }

    private static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }

    /** Validates the fields of a message whose type is known. */
    public ClientMessage decode(MessageType type, Envelope envelope) throws ProtocolException {
        return decoder.decode(type, envelope);
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
}
