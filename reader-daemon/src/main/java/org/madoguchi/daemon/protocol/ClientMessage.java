package org.madoguchi.daemon.protocol;

import java.util.Optional;

/** A decoded, validated client → daemon message. */
public sealed interface ClientMessage {

    MessageType type();

    /** The first message of every connection. The token is kept for the security work (later). */
    record Hello(Optional<String> token, String client) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.HELLO;
        }

        @Override
        public String toString() {
            return "Hello[client=" + client + ", token=" + (token.isPresent() ? "***" : "none") + "]";
        }
    }

    record Ping(String id) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.PING;
        }
    }

    /** Simulate mode: put a card of {@code profile} in {@code reader}. */
    record SimInsert(String id, String reader, String profile) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.SIM_INSERT;
        }
    }

    /** Simulate mode: take the card out of {@code reader}. */
    record SimRemove(String id, String reader) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.SIM_REMOVE;
        }
    }
}
