package org.madoguchi.daemon.security;

import java.util.List;
import java.util.Objects;

import org.madoguchi.daemon.config.LimitsConfig;

/**
 * Who may connect and how much they may send: the tokens and roles, the browser origins allowed
 * besides the daemon's own, and the limits per connection.
 */
public record AccessPolicy(ClientCredentials credentials, List<String> allowedOrigins, LimitsConfig limits) {
    public AccessPolicy {
        Objects.requireNonNull(credentials);
        allowedOrigins = List.copyOf(allowedOrigins);
        Objects.requireNonNull(limits);
    }

    /** A new rate limiter for one connection: a client that keeps sending after {@code burst} refusals is closed. */
    public RateLimiter newRateLimiter() {
        return new RateLimiter(limits.messagesPerSecond(), limits.burst(), limits.burst());
    }
}
