package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;

/** The pages over plain HTTP: types, CSP, caching, HEAD, 304, and nothing outside the fixed list. */
class StaticPagesTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String base, String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pagesAreServedWithTheirHeadersAndNothingElseIs() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1))) {
            String base = f.daemon.baseUrl();
            String host = base.substring("http://".length());
            for (String page : new String[] {"/", "/kiosk", "/console"}) {
                HttpResponse<String> r = send(base, "GET", page);
                assertEquals(200, r.statusCode(), page);
                assertEquals("text/html; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
                String csp = r.headers().firstValue("content-security-policy").orElseThrow();
                assertTrue(csp.contains("default-src 'self'") && csp.contains("connect-src 'self' ws://" + host)
                        && !csp.contains("unsafe-inline"), csp);
                assertEquals("nosniff", r.headers().firstValue("x-content-type-options").orElseThrow());
                assertEquals("no-cache", r.headers().firstValue("cache-control").orElseThrow());
                assertTrue(!r.body().contains("style=\"") && !r.body().contains("<script>"), page + ": no inline code");
            }
            HttpResponse<String> js = send(base, "GET", "/client/index.js");
            assertEquals("text/javascript; charset=utf-8", js.headers().firstValue("content-type").orElseThrow());
            assertTrue(js.body().contains("export class MadoguchiClient"));
            assertEquals(js.body(), send(base, "GET", "/client/").body());
            String etag = js.headers().firstValue("etag").orElseThrow();
            assertEquals(304, send(base, "GET", "/client/index.js", "If-None-Match", etag).statusCode());
            HttpResponse<String> head = send(base, "HEAD", "/kiosk");
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
            assertTrue(Long.parseLong(head.headers().firstValue("content-length").orElseThrow()) > 100);
            for (String bad : new String[] {"/web/kiosk.html", "/kiosk.html", "/assets/", "/assets/../kiosk",
                "/assets/%2e%2e/kiosk", "/client/../index.html", "/kiosk/", "/META-INF/MANIFEST.MF"}) {
                HttpResponse<String> r = send(base, "GET", bad);
                assertEquals(404, r.statusCode(), bad);
                assertTrue(r.body().contains("\"not_found\""), bad);
            }
            HttpResponse<String> post = send(base, "POST", "/kiosk");
            assertEquals(405, post.statusCode());
            assertTrue(post.body().contains("\"method_not_allowed\""));
        }
    }
}
