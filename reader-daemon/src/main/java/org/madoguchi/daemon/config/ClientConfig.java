package org.madoguchi.daemon.config;

import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A front-end allowed to connect: its name, the token it presents in {@code hello}, and its role.
 * A token is a shared secret of at least {@value #MIN_TOKEN} characters (e.g. {@code openssl rand -hex 32});
 * {@link #toString()} never shows one.
 */
public record ClientConfig(String name, String token, String role) {
    /** The roles (docs/protocol.md, "Roles"; docs/security.md §4). */
    public static final Set<String> ROLES = Set.of("kiosk", "staff", "observer");
    /** Shortest token accepted: guessing one must be hopeless. */
    public static final int MIN_TOKEN = 16;
    /** Longest token: what {@code hello} accepts. */
    public static final int MAX_TOKEN = 512;

    @JsonCreator
    public ClientConfig(
            @JsonProperty("name") String name,
            @JsonProperty("token") String token,
            @JsonProperty("role") String role) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("clients の name がありません / A client has no name");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(
                    "クライアント「" + name + "」の token がありません / Client '" + name + "' has no token");
        }
        if (token.length() < MIN_TOKEN) {
            throw new IllegalArgumentException("クライアント「" + name + "」の token が短すぎます(" + MIN_TOKEN
                    + " 文字以上。例: openssl rand -hex 32) / Client '" + name + "' has a token shorter than "
                    + MIN_TOKEN + " characters (e.g. openssl rand -hex 32)");
        }
        if (token.length() > MAX_TOKEN) {
            throw new IllegalArgumentException("クライアント「" + name + "」の token が長すぎます(" + MAX_TOKEN
                    + " 文字まで) / Client '" + name + "' has a token longer than " + MAX_TOKEN + " characters");
        }
        if (role == null || !ROLES.contains(role)) {
            throw new IllegalArgumentException("クライアント「" + name + "」の role は kiosk, staff, observer のいずれかです"
                    + " / Client '" + name + "' must have role kiosk, staff or observer");
        }
        this.name = name;
        this.token = token;
        this.role = role;
    }

    @Override
    public String toString() {
        return "ClientConfig[name=" + name + ", role=" + role + ", token=***]";
    }
}
