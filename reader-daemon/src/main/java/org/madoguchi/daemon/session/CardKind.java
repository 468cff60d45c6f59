package org.madoguchi.daemon.session;

import org.madoguchi.driver.card.TokenKind;

/**
 * What the daemon reports a card to be: the driver's {@link TokenKind}s plus {@link #UNREADABLE}
 * for a card that could not be identified.
 */
public enum CardKind {
    MY_NUMBER_CARD,
    JUKI_CARD,
    IPHONE_TOKEN,
    ANDROID_TOKEN,
    UNKNOWN_JPKI,
    NOT_JPKI,
    /** Identification failed: a PC/SC error or an answer no JPKI token gives. */
    UNREADABLE;

    /** The wire name, e.g. {@code my_number_card}. */
    public String code() {
        return this == UNREADABLE ? "unreadable" : token().code();
    }

    public static CardKind of(TokenKind kind) {
        return switch (kind) {
            case MY_NUMBER_CARD -> MY_NUMBER_CARD;
            case JUKI_CARD -> JUKI_CARD;
            case IPHONE_TOKEN -> IPHONE_TOKEN;
            case ANDROID_TOKEN -> ANDROID_TOKEN;
            case UNKNOWN_JPKI -> UNKNOWN_JPKI;
            case NOT_JPKI -> NOT_JPKI;
        };
    }

    private TokenKind token() {
        return TokenKind.valueOf(name());
    }
}
