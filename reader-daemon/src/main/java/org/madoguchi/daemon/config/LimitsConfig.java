package org.madoguchi.daemon.config;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How much an outsider may make the daemon spend (docs/security.md, "Limits"): messages, WebSocket
 * connections, connections without a token, and HTTP connections that have not finished a request.
 *
 * @param messagesPerSecond    messages (and pings) a connection may send per second, on average (default 30)
 * @param burst                messages a connection may send at once before the rate applies (default 60);
 *                             a connection that keeps sending after that many refusals in a row is closed
 * @param connections          WebSocket connections open at once; one more is refused with HTTP 503 (default 32)
 * @param anonymousConnections of those, connections without a configured token (before {@code hello}, or
 *                             observers without a token); one more closes the oldest of them (default 8)
 * @param pendingConnections   HTTP connections that are not (yet) WebSockets; one more closes the oldest of
 *                             them (default 64)
 * @param requestTimeout       how long an HTTP connection may take to send a whole request, and may stay idle
 *                             between requests, before it is closed (default 10 s)
 */
public record LimitsConfig(int messagesPerSecond, int burst, int connections, int anonymousConnections,
        int pendingConnections, Duration requestTimeout) {
    public static final int DEFAULT_MESSAGES_PER_SECOND = 30;
    public static final int DEFAULT_BURST = 60;
    public static final int DEFAULT_CONNECTIONS = 32;
    public static final int DEFAULT_ANONYMOUS_CONNECTIONS = 8;
    public static final int DEFAULT_PENDING_CONNECTIONS = 64;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final LimitsConfig DEFAULT = new LimitsConfig(DEFAULT_MESSAGES_PER_SECOND, DEFAULT_BURST,
            DEFAULT_CONNECTIONS);

    @JsonCreator
    static LimitsConfig fromYaml(
            @JsonProperty("messagesPerSecond") Integer messagesPerSecond,
            @JsonProperty("burst") Integer burst,
            @JsonProperty("connections") Integer connections,
            @JsonProperty("anonymousConnections") Integer anonymousConnections,
            @JsonProperty("pendingConnections") Integer pendingConnections,
            @JsonProperty("requestTimeout") String requestTimeout) {
        int c = connections == null ? DEFAULT_CONNECTIONS : connections;
        return new LimitsConfig(
                messagesPerSecond == null ? DEFAULT_MESSAGES_PER_SECOND : messagesPerSecond,
                burst == null ? DEFAULT_BURST : burst,
                c,
                anonymousConnections == null ? Math.min(DEFAULT_ANONYMOUS_CONNECTIONS, c) : anonymousConnections,
                pendingConnections == null ? DEFAULT_PENDING_CONNECTIONS : pendingConnections,
                requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : Durations.parse("limits.requestTimeout",
                        requestTimeout));
    }

    /** The message and connection limits, with the defaults for the rest. */
    public LimitsConfig(int messagesPerSecond, int burst, int connections) {
        this(messagesPerSecond, burst, connections, Math.min(DEFAULT_ANONYMOUS_CONNECTIONS, connections),
                DEFAULT_PENDING_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT);
    }

    public LimitsConfig {
        check("messagesPerSecond", messagesPerSecond, 1, 100_000);
        check("burst", burst, 1, 1_000_000);
        check("connections", connections, 1, 10_000);
        check("anonymousConnections", anonymousConnections, 1, connections);
        check("pendingConnections", pendingConnections, 1, 10_000);
        if (requestTimeout == null || requestTimeout.compareTo(Duration.ofMillis(500)) < 0
                || requestTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("limits.requestTimeout は 500ms〜5m で指定してください"
                    + " / limits.requestTimeout must be between 500ms and 5m: " + requestTimeout);
        }
    }

    /** A copy with another share for connections without a token. */
    public LimitsConfig withAnonymousConnections(int n) {
        return new LimitsConfig(messagesPerSecond, burst, connections, n, pendingConnections, requestTimeout);
    }

    /** A copy with other limits for HTTP connections that are not WebSockets. */
    public LimitsConfig withPending(int n, Duration timeout) {
        return new LimitsConfig(messagesPerSecond, burst, connections, anonymousConnections, n, timeout);
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("limits." + key + " は " + min + "〜" + max + " で指定してください"
                    + " / limits." + key + " must be between " + min + " and " + max + ": " + value);
        }
    }
}
