package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.MetricsAndHealthTest.metric;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.LimitsConfig;

/**
 * Half-sent HTTP requests (slowloris): before, 2,000 such connections stayed open 30 s and more and
 * 20,000 used up the daemon's file descriptors. Now each must finish its request within
 * {@code limits.requestTimeout}, there are at most {@code limits.pendingConnections} of them (the
 * oldest is closed for a new one), and {@code /health} answers all the while.
 */
class SlowlorisAbuseTest {
    private static final int ATTACKERS = 300;

    @Test
    void halfSentRequestsAreClosedAndHealthAnswersThroughout() throws Exception {
        LimitsConfig limits = LimitsConfig.DEFAULT.withPending(50, Duration.ofSeconds(1));
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(
                DaemonConfig.defaults().withPort(0).withLimits(limits), 1))) {
            int port = f.daemon.port();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < ATTACKERS; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                    s.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Slow: ")
                            .getBytes(StandardCharsets.US_ASCII)); // and never the rest
                    slow.add(s);
                    if (i % 50 == 49) {
                        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                                URI.create(f.daemon.baseUrl() + "/health")).timeout(Duration.ofSeconds(2)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(200, health.statusCode(), "/health under attack, after " + (i + 1));
                    }
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                int closed = 0;
                for (Socket s : slow) {
                    if (closedByServer(s, deadline)) {
                        closed++;
                    }
                }
                assertEquals(ATTACKERS, closed, "every half-sent request was closed within the timeout");
                String scrape = f.get("/metrics");
                double evicted = metric(scrape, "madoguchi_connections_refused_total{reason=\"pending_evicted\"");
                double timedOut = metric(scrape, "madoguchi_connections_refused_total{reason=\"request_timeout\"");
                assertTrue(evicted >= ATTACKERS - 50 - 10, "closed for newer ones: " + evicted);
                assertTrue(timedOut >= 1, "closed for taking too long: " + timedOut);
                assertEquals(0.0, metric(scrape, "madoguchi_connections_refused_total{reason=\"host\""),
                        "none of it was taken for DNS rebinding");
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    /** Whether the server closed this connection (EOF or reset) before the deadline. */
    private static boolean closedByServer(Socket s, long deadline) throws IOException {
        InputStream in = s.getInputStream();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            s.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
            try {
                if (in.read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
    }
}
