package org.madoguchi.daemon.protocol;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A client message parsed as far as its {@code type}: the JSON object, its type as sent, its
 * {@code id} when that is a usable string (so that errors can echo it) and its size. A string
 * {@code pin} or {@code code} (照合番号B) field is not in {@code body}: its characters are kept apart,
 * never as a {@link String}, and {@link #close()} zeroes them.
 */
public final class Envelope implements AutoCloseable {
    private final ObjectNode body;
    private final String type;
    private final Optional<String> id;
    private final int bytes;
    private final char[] pin;
    private final char[] code;

    Envelope(ObjectNode body, String type, Optional<String> id, int bytes, char[] pin, char[] code) {
        this.body = body;
        this.type = type;
        this.id = id;
        this.bytes = bytes;
        this.pin = pin;
        this.code = code;
    }

    public ObjectNode body() {
        return body;
    }

    public String type() {
        return type;
    }

    public Optional<String> id() {
        return id;
    }

    /** The message's size in bytes of UTF-8. */
    public int bytes() {
        return bytes;
    }

    /** The characters of a string {@code pin} field; the caller must not keep them. */
    Optional<char[]> pin() {
        return Optional.ofNullable(pin);
    }

    /** The characters of a string {@code code} field (照合番号B); the caller must not keep them. */
    Optional<char[]> code() {
        return Optional.ofNullable(code);
    }

    @Override
    public void close() {
        if (pin != null) {
            Arrays.fill(pin, '\0');
        }
        if (code != null) {
            Arrays.fill(code, '\0');
        }
    }

    @Override
    public String toString() {
        return "Envelope[type=" + type + ", " + bytes + " bytes]";
    }
}
