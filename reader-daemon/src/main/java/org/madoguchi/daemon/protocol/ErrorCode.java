package org.madoguchi.daemon.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a client's message was refused: the {@code code} of an {@code error}. Wire names never change;
 * the text for people goes beside them in {@code message}. Why a session ended is a
 * {@link org.madoguchi.daemon.session.Reason}.
 */
public enum ErrorCode {
    /** Malformed JSON, a missing or invalid field, a binary frame, a refused simulator command. */
    BAD_REQUEST("bad_request"),
    /** A {@code type} this daemon does not know. */
    UNKNOWN_TYPE("unknown_type"),
    /** The client may not do this (its role, or {@code sim.*} outside simulate mode). */
    FORBIDDEN("forbidden"),
    /** The command is out of order, e.g. anything before {@code hello}. */
    BAD_STATE("bad_state"),
    UNKNOWN_SESSION("unknown_session"),
    INVALID_PIN_FORMAT("invalid_pin_format"),
    /** 照合番号B is not 14 digits of a plausible date, expiry year and security code; no APDU was sent. */
    INVALID_CARD_CODE("invalid_card_code"),
    TOO_LARGE("too_large"),
    RATE_LIMITED("rate_limited"),
    /** {@code hello.protocol} names a level this daemon does not speak; the error lists those it speaks. */
    UNSUPPORTED_PROTOCOL("unsupported_protocol"),
    /** A fault inside the daemon; the details are in its log. */
    INTERNAL("internal");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The wire name, e.g. {@code bad_request}. */
    @JsonValue
    public String code() {
        return code;
    }
}
