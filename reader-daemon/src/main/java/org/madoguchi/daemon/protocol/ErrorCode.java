package org.madoguchi.daemon.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The stable reason and error codes of protocol v1 (design §4). Their wire names never change;
 * human-readable text goes beside them in {@code message}, Japanese first, then English.
 */
public enum ErrorCode {
    // Reasons: why a session ended or a step failed (carried by session and result events, later).
    CARD_REMOVED("card_removed"),
    READER_REMOVED("reader_removed"),
    PIN_BLOCKED("pin_blocked"),
    PIN_UNUSABLE("pin_unusable"),
    NOT_MY_NUMBER_CARD("not_my_number_card"),
    UNSUPPORTED_TOKEN("unsupported_token"),
    FACE_MISMATCH("face_mismatch"),
    FACE_UNAVAILABLE("face_unavailable"),
    CANCELLED("cancelled"),
    TIMEOUT("timeout"),
    CARD_ERROR("card_error"),

    // Errors: why a client's message was refused (carried by error messages).
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
    TOO_LARGE("too_large"),
    RATE_LIMITED("rate_limited"),
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
