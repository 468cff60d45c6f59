package org.madoguchi.daemon.protocol;

import java.util.Objects;
import java.util.Optional;

import org.madoguchi.daemon.session.Text;

/**
 * A client message is refused. The message text is sent to the client as is, so it must never
 * contain anything secret (no PIN, no token, no message body).
 */
public class ProtocolException extends Exception {
    private final ErrorCode code;
    private final Text text;
    private final String id;

    public ProtocolException(ErrorCode code, String ja, String en) {
        this(code, ja, en, null);
    }

    /** A refusal of a message whose {@code id} is known (null: none usable). */
    public ProtocolException(ErrorCode code, String ja, String en, String id) {
        this(code, new Text(ja, en), id);
    }

    public ProtocolException(ErrorCode code, Text text, String id) {
        super(text.toString());
        this.code = Objects.requireNonNull(code);
        this.text = text;
        this.id = id;
    }

    /** What the client is told, in Japanese and English. */
    public Text text() {
        return text;
    }

    /** The refused message's usable {@code id}, when it was found before the refusal. */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    public ErrorCode code() {
        return code;
    }
}
