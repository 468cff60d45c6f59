package org.madoguchi.daemon.security;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may open an HTTP request or a WebSocket on the daemon, judged from two headers before
 * anything else happens:
 * <ul>
 * <li>{@code Host} must name the daemon itself ({@code 127.0.0.1}, {@code localhost}, {@code [::1]}
 * or the configured listen address, with the daemon's port). A page on an attacker's domain that
 * rebinds its DNS name to 127.0.0.1 still sends its own name as {@code Host}, and is refused.</li>
 * <li>{@code Origin}, when present (browsers always send it on a WebSocket upgrade), must be one of
 * {@code allowedOrigins} or the daemon's own ({@code http://127.0.0.1:PORT}, {@code http://localhost:PORT},
 * {@code http://[::1]:PORT}: pages the daemon itself serves). A missing {@code Origin} is a non-browser client; it still needs a token
 * to be more than an observer.</li>
 * </ul>
 */
public final class RequestOriginPolicy {
    private final Set<String> hosts;
    private final Set<String> origins;

    public RequestOriginPolicy(String listenAddress, int port, List<String> allowedOrigins) {
        Set<String> h = new HashSet<>();
        for (String name : List.of("127.0.0.1", "localhost", "[::1]", bracketed(listenAddress))) {
            h.add(name.toLowerCase(Locale.ROOT) + ":" + port);
            if (port == 80) {
                h.add(name.toLowerCase(Locale.ROOT));
            }
        }
        this.hosts = Set.copyOf(h);
        Set<String> o = new HashSet<>();
        for (String name : List.of("127.0.0.1", "localhost", "[::1]")) {
            o.add("http://" + name + ":" + port);
        }
        for (String origin : allowedOrigins) {
            o.add(normalizeOrigin(origin));
        }
        this.origins = Set.copyOf(o);
    }

    private static String bracketed(String address) {
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }

    private static String normalizeOrigin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    /** Whether the {@code Host} header names this daemon. A missing Host (HTTP/1.0) is refused. */
    public boolean hostAllowed(Optional<String> host) {
        return host.isPresent() && hosts.contains(host.get().trim().toLowerCase(Locale.ROOT));
    }

    /** Whether the {@code Origin} header, if any, is allowed. {@code null} origin is refused. */
    public boolean originAllowed(Optional<String> origin) {
        return origin.isEmpty() || origins.contains(normalizeOrigin(origin.get()));
    }
}
