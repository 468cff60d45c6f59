package org.madoguchi.daemon.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A daemon → client message; serialized by {@link MessageCodec#encode}. */
public sealed interface ServerMessage {

    /** The wire name in the {@code type} field. */
    @JsonProperty("type")
    String type();

    /** The answer to {@code hello}: protocol version, the client's role, and every reader's state. */
    @JsonPropertyOrder({"type", "protocol", "role", "version", "readers"})
    record Welcome(int protocol, String role, String version, List<ReaderMessage> readers) implements ServerMessage {
        public Welcome {
            readers = List.copyOf(readers);
        }

        @Override
        public String type() {
            return "welcome";
        }
    }

    /** A reader's whole state; sent on every change and listed in {@link Welcome}. */
    @JsonPropertyOrder({"type", "reader", "attached", "card"})
    record ReaderMessage(String reader, boolean attached, CardInfo card) implements ServerMessage {
        @Override
        public String type() {
            return "reader";
        }
    }

    /** The card in a reader: its kind (wire name) and ATR (upper-case hex). */
    @JsonPropertyOrder({"kind", "atr"})
    record CardInfo(String kind, String atr) {
    }

    /** A command with this {@code id} was carried out. */
    @JsonPropertyOrder({"type", "id"})
    record Reply(String id) implements ServerMessage {
        @Override
        public String type() {
            return "reply";
        }
    }

    /** A message was refused; {@code id} is the command's id when it had a usable one. */
    @JsonPropertyOrder({"type", "id", "code", "message"})
    record ErrorMessage(@JsonInclude(JsonInclude.Include.NON_NULL) String id, ErrorCode code, String message)
            implements ServerMessage {
        @Override
        public String type() {
            return "error";
        }
    }
}
