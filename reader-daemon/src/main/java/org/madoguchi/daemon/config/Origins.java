package org.madoguchi.daemon.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The {@code allowedOrigins} entries: each must be an origin exactly as a browser sends it in the
 * {@code Origin} header ({@code scheme://host[:port]}), or it could never match and would silently
 * allow nothing. Entries are compared in their canonical form (lower case, default port left out).
 */
final class Origins {
    private Origins() {
    }

    static String canonical(String origin) {
        if (origin == null || origin.isBlank() || origin.contains("*") || origin.strip().equalsIgnoreCase("null")) {
            throw refused(origin, "* や null は使えません", "no * and no null");
        }
        URI uri;
        try {
            uri = new URI(origin.strip());
        } catch (URISyntaxException e) {
            throw refused(origin, "URL として読めません", "not a URL");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw refused(origin, "http:// か https:// で始めてください", "it must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw refused(origin, "ホスト名がありません", "no host name");
        }
        boolean pathless = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
        if (!pathless || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw refused(origin, "パス・クエリ・# は書けません(オリジンだけ)", "an origin has no path, query or fragment");
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static IllegalArgumentException refused(String origin, String ja, String en) {
        return new IllegalArgumentException("allowedOrigins には https://reception.example:8443 のようなオリジンを書いてください("
                + ja + ") / allowedOrigins entries must be origins such as https://reception.example:8443 (" + en
                + "): " + origin);
    }
}
