package org.madoguchi.daemon.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How much one front-end may ask of the daemon (design §4 Security: bound the message rate).
 *
 * @param messagesPerSecond messages a connection may send per second, on average (default 30)
 * @param burst             messages a connection may send at once before the rate applies (default 60);
 *                          a connection that keeps sending after that many refusals in a row is closed
 * @param connections       WebSocket connections open at once; one more is refused with HTTP 503 (default 32)
 */
public record LimitsConfig(int messagesPerSecond, int burst, int connections) {
    public static final int DEFAULT_MESSAGES_PER_SECOND = 30;
    public static final int DEFAULT_BURST = 60;
    public static final int DEFAULT_CONNECTIONS = 32;
    public static final LimitsConfig DEFAULT = new LimitsConfig(DEFAULT_MESSAGES_PER_SECOND, DEFAULT_BURST,
            DEFAULT_CONNECTIONS);

    @JsonCreator
    static LimitsConfig fromYaml(
            @JsonProperty("messagesPerSecond") Integer messagesPerSecond,
            @JsonProperty("burst") Integer burst,
            @JsonProperty("connections") Integer connections) {
        return new LimitsConfig(
                messagesPerSecond == null ? DEFAULT_MESSAGES_PER_SECOND : messagesPerSecond,
                burst == null ? DEFAULT_BURST : burst,
                connections == null ? DEFAULT_CONNECTIONS : connections);
    }

    public LimitsConfig {
        if (messagesPerSecond < 1 || messagesPerSecond > 100_000) {
            throw new IllegalArgumentException("limits.messagesPerSecond は 1〜100000 で指定してください"
                    + " / limits.messagesPerSecond must be between 1 and 100000: " + messagesPerSecond);
        }
        if (burst < 1 || burst > 1_000_000) {
            throw new IllegalArgumentException("limits.burst は 1〜1000000 で指定してください"
                    + " / limits.burst must be between 1 and 1000000: " + burst);
        }
        if (connections < 1 || connections > 10_000) {
            throw new IllegalArgumentException("limits.connections は 1〜10000 で指定してください"
                    + " / limits.connections must be between 1 and 10000: " + connections);
        }
    }
}
