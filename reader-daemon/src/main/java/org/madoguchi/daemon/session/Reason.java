package org.madoguchi.daemon.session;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a session ended without verifying: the {@code reason} of a {@code result}. Wire names never
 * change. Notices ({@link Notice}) describe a live session; reasons describe its end.
 */
public enum Reason {
    /** The card left the reader ({@code aborted}). */
    CARD_REMOVED("card_removed"),
    /** The reader went away ({@code aborted}). */
    READER_REMOVED("reader_removed"),
    /** The PC/SC service (pcscd) stopped while the session was live ({@code aborted}). */
    SERVICE_UNAVAILABLE("service_unavailable"),
    /** No JPKI application, or a certificate no configured root issued ({@code failed}). */
    NOT_MY_NUMBER_CARD("not_my_number_card"),
    /** A JPKI token this daemon cannot verify: 住基カード, iPhone, unknown label, lapsed certificate. */
    UNSUPPORTED_TOKEN("unsupported_token"),
    /** Staff cancelled ({@code aborted}). */
    CANCELLED("cancelled"),
    /** A card step exceeded {@code stepTimeout} ({@code failed}). */
    TIMEOUT("timeout"),
    /** The card answered unexpectedly, or its signature did not verify ({@code failed}). */
    CARD_ERROR("card_error");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    /** The wire name, e.g. {@code card_removed}. */
    @JsonValue
    public String code() {
        return code;
    }

    /** Whether the session ended because the card or its reader went away, not because of the card. */
    public boolean cardGone() {
        return this == CARD_REMOVED || this == READER_REMOVED || this == SERVICE_UNAVAILABLE;
    }
}
