package org.madoguchi.daemon.readers;

import java.util.Objects;
import java.util.Optional;

import org.madoguchi.daemon.session.CardKind;
import org.madoguchi.daemon.session.PinCounter;

/**
 * What the daemon knows of one reader, as published to clients.
 *
 * @param reader   the PC/SC reader name
 * @param attached false only in the last status of a reader that went away
 * @param card     the identified card, empty when there is none (or it is still being read)
 */
public record ReaderStatus(String reader, boolean attached, Optional<CardInReader> card) {
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

    public ReaderStatus withCard(CardInReader newCard) {
        return new ReaderStatus(reader, attached, Optional.of(newCard));
    }

    /**
     * An identified card.
     *
     * @param kind   what it is
     * @param atrHex its answer to reset, upper-case hex without spaces
     * @param pin    its auth PIN, when read
     */
    public record CardInReader(CardKind kind, String atrHex, Optional<PinCounter> pin) {
        public CardInReader {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(atrHex);
            Objects.requireNonNull(pin);
        }

        public CardInReader withPin(Optional<PinCounter> newPin) {
            return new CardInReader(kind, atrHex, newPin);
        }
    }
}
