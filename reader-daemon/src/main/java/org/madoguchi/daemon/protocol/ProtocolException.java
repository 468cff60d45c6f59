package org.madoguchi.daemon.protocol;

import java.util.Objects;

/**
 * A client message is refused. The message text is sent to the client as is, so it must never
 * contain anything secret (no PIN, no token, no message body).
 */
public class ProtocolException extends Exception {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code);
    }

    public ErrorCode code() {
        return code;
    }
}
