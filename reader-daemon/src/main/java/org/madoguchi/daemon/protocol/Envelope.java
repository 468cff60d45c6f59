package org.madoguchi.daemon.protocol;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A client message parsed as far as its {@code type}: the JSON object, its type as sent, and its
 * {@code id} when that is a usable string (so that errors can echo it).
 */
public record Envelope(ObjectNode body, String type, Optional<String> id) {
}
