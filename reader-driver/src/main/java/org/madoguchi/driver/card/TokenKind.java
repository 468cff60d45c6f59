package org.madoguchi.driver.card;

import java.util.Optional;

/**
 * What answers as the JPKI application, told by the token label in EF 0006 (docs/card.md §10), never
 * by the ATR.
 */
public enum TokenKind {
    /** A physical マイナンバーカード. */
    MY_NUMBER_CARD("my_number_card", "JPKIAPICCTOKEN2"),
    /** A 住基カード (the older Basic Resident Registration card). */
    JUKI_CARD("juki_card", "JPKIAPICCTOKEN"),
    /** The iPhone's smartphone JPKI token. */
    IPHONE_TOKEN("iphone_token", "JPKIAPIOSTOKEN"),
    /** The Android smartphone JPKI token (GlobalPlatform SE). */
    ANDROID_TOKEN("android_token", "JPKIAPGPSETOKEN"),
    /** A JPKI application with a label we do not know. */
    UNKNOWN_JPKI("unknown_jpki", null),
    /** The card has no JPKI application at all (a driver's licence, a transit card, …). */
    NOT_JPKI("not_jpki", null);

    private final String code;
    private final String label;

    TokenKind(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The stable wire name, e.g. {@code my_number_card}. */
    public String code() {
        return code;
    }

    /** The EF 0006 label that identifies this kind, when there is one. */
    public Optional<String> label() {
        return Optional.ofNullable(label);
    }

    /** Maps a label (trailing spaces and NULs already stripped) to a kind. */
    public static TokenKind ofLabel(String label) {
        for (TokenKind k : values()) {
            if (k.label != null && k.label.equals(label)) {
                return k;
            }
        }
        return UNKNOWN_JPKI;
    }
}
