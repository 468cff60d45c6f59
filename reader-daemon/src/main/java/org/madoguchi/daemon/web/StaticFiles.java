package org.madoguchi.daemon.web;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The pages the daemon serves (start page, kiosk, console, the JS client), read once from the jar
 * at start. Paths are looked up in a fixed table, never resolved against a folder, so no request can
 * reach another resource. Every file has a strong ETag (a hash of its bytes) for {@code no-cache}
 * revalidation.
 */
final class StaticFiles {
    /** Where the files are inside the jar. */
    static final String ROOT = "web/";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String JS = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";

    /** One file: its bytes, type and ETag; {@code page} for HTML (which gets the Content-Security-Policy). */
    record Asset(byte[] body, String contentType, String etag, boolean page) {
    }

    private static final Map<String, String[]> ROUTES = new LinkedHashMap<>();

    static {
        route("/", "index.html", HTML);
        route("/kiosk", "kiosk.html", HTML);
        route("/console", "console.html", HTML);
        route("/assets/base.css", "assets/base.css", CSS);
        route("/assets/kiosk.css", "assets/kiosk.css", CSS);
        route("/assets/console.css", "assets/console.css", CSS);
        route("/assets/start.js", "assets/start.js", JS);
        route("/assets/kiosk.js", "assets/kiosk.js", JS);
        route("/assets/console.js", "assets/console.js", JS);
        route("/assets/ui.js", "assets/ui.js", JS);
        route("/assets/icon.svg", "assets/icon.svg", "image/svg+xml");
        route("/client/", "client/index.js", JS);
        route("/client/index.js", "client/index.js", JS);
        route("/client/index.d.ts", "client/index.d.ts", "text/plain; charset=utf-8");
        route("/client/package.json", "client/package.json", "application/json; charset=utf-8");
        route("/client/README.md", "client/README.md", "text/markdown; charset=utf-8");
    }

    private static void route(String path, String resource, String type) {
        ROUTES.put(path, new String[] {resource, type});
    }

    private final Map<String, Asset> assets;

    private StaticFiles(Map<String, Asset> assets) {
        this.assets = assets;
    }

    /** Reads every file of the table; a file missing from the jar is a build fault and stops the start. */
    static StaticFiles load() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        ClassLoader loader = StaticFiles.class.getClassLoader();
        for (Map.Entry<String, String[]> e : ROUTES.entrySet()) {
            String resource = ROOT + e.getValue()[0];
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing from the jar: " + resource);
                }
                byte[] body = in.readAllBytes();
                assets.put(e.getKey(), new Asset(body, e.getValue()[1], etag(body), e.getValue()[1].equals(HTML)));
            } catch (IOException ex) {
                throw new IllegalStateException("cannot read " + resource, ex);
            }
        }
        return new StaticFiles(Map.copyOf(assets));
    }

    Optional<Asset> find(String path) {
        return Optional.ofNullable(assets.get(path));
    }

    /** The paths served (tests). */
    static java.util.Set<String> paths() {
        return java.util.Collections.unmodifiableSet(ROUTES.keySet());
    }

    private static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 27) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The policy for a page served from {@code host} (already checked by the request guard): its own
     * scripts and styles only, no inline code, WebSocket to this daemon only, camera for the kiosk.
     */
    static String contentSecurityPolicy(String host) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
                + "media-src 'self' blob: mediastream:; font-src 'self'; connect-src 'self' ws://" + host + "; "
                + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }
}
