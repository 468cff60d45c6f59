package org.madoguchi.daemon.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.madoguchi.daemon.config.ClientConfig;

/**
 * The configured clients, and the check of a token presented in {@code hello}. Tokens are compared
 * through their SHA-256 digests with {@link MessageDigest#isEqual}, which takes the same time
 * wherever the first difference lies, and every configured token is compared each time, so the
 * answer's timing says nothing about which token was close.
 */
public final class ClientCredentials {
    /** Who a token makes the client: its configured name and role. */
    public record Identity(String name, Role role, boolean authenticated) {
    }

    private record Entry(String name, byte[] tokenDigest, Role role) {
    }

    private final List<Entry> entries;

    /** @param clients name, token and role code of each configured client */
    public ClientCredentials(List<Client> clients) {
        List<Entry> list = new ArrayList<>();
        for (Client c : clients) {
            list.add(new Entry(c.name(), digest(c.token()), c.role()));
        }
        this.entries = List.copyOf(list);
    }

    /** The clients of the configuration file. */
    public static ClientCredentials of(List<ClientConfig> configured) {
        return new ClientCredentials(configured.stream()
                .map(c -> new Client(c.name(), c.token(), Role.of(c.role()).orElseThrow()))
                .toList());
    }

    /** One configured client. */
    public record Client(String name, String token, Role role) {
        @Override
        public String toString() {
            return "Client[name=" + name + ", role=" + role + ", token=***]";
        }
    }

    /**
     * The identity a {@code hello} earns. No token, or a token nobody has, gives {@code observer}:
     * the client may watch, and do nothing else.
     *
     * @param claimedName the {@code client} field of {@code hello}, used only for unauthenticated clients
     */
    public Identity identify(Optional<String> token, String claimedName) {
        if (token.isEmpty() || token.get().isEmpty()) {
            return new Identity(claimedName, Role.OBSERVER, false);
        }
        byte[] presented = digest(token.get());
        Entry match = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.tokenDigest(), presented) && match == null) {
                match = e;
            }
        }
        return match == null
                ? new Identity(claimedName, Role.OBSERVER, false)
                : new Identity(match.name(), match.role(), true);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }
}
