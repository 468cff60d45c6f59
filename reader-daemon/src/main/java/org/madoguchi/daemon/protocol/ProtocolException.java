package org.madoguchi.daemon.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * A client message is refused. The message text is sent to the client as is, so it must never
 * contain anything secret (no PIN, no token, no message body).
 */
public class ProtocolException extends Exception {
    private final ErrorCode code;
    private final String id;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** A refusal of a message whose {@code id} is known (null: none usable). */
    public ProtocolException(ErrorCode code, String message, String id) {
        super(message);
        this.code = Objects.requireNonNull(code);
        this.id = id;
    }

    /** The refused message's usable {@code id}, when it was found before the refusal. */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    public ErrorCode code() {
        return code;
    }
}
