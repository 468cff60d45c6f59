package org.madoguchi.daemon.session;

import java.util.Objects;
import java.util.Optional;

import org.madoguchi.driver.card.TokenKind;

/**
 * What the daemon reports a card to be: one of the driver's {@link TokenKind}s (their wire names are
 * the driver's), or {@link #UNREADABLE} for a card that could not be identified (a PC/SC error or an
 * answer no JPKI token gives).
 *
 * @param token the driver's kind; empty when the card is unreadable
 */
public record CardKind(Optional<TokenKind> token) {
    public static final CardKind UNREADABLE = new CardKind(Optional.empty());

    public CardKind {
        Objects.requireNonNull(token);
    }

    public static CardKind of(TokenKind kind) {
        return new CardKind(Optional.of(kind));
    }

    /** Whether the card was identified as {@code kind}. */
    public boolean is(TokenKind kind) {
        return token.isPresent() && token.get() == kind;
    }

    /** The wire name, e.g. {@code my_number_card}, or {@code unreadable}. */
    public String code() {
        return token.map(TokenKind::code).orElse("unreadable");
    }

    @Override
    public String toString() {
        return code();
    }
}
