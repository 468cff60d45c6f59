package org.madoguchi.daemon.readers;

import java.util.Objects;
import java.util.Optional;

/**
 * What the daemon knows of one reader, as published to clients.
 *
 * @param reader   the PC/SC reader name
 * @param attached false only in the last status of a reader that went away
 * @param card     the identified card, empty when there is none (or it is still being identified)
 */
public record ReaderStatus(String reader, boolean attached, Optional<CardStatus> card) {
    public ReaderStatus {
        Objects.requireNonNull(reader);
        Objects.requireNonNull(card);
    }

    public static ReaderStatus empty(String reader) {
        return new ReaderStatus(reader, true, Optional.empty());
    }

    public static ReaderStatus detached(String reader) {
        return new ReaderStatus(reader, false, Optional.empty());
    }

    /**
     * An identified card.
     *
     * @param kind   what it is
     * @param atrHex its answer to reset, upper-case hex without spaces
     */
    public record CardStatus(CardKind kind, String atrHex) {
        public CardStatus {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(atrHex);
        }
    }
}
