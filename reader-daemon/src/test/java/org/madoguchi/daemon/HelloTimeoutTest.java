package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;

/**
 * A WebSocket that never says {@code hello} is closed after 10 s (status 1008), so idle sockets
 * cannot sit on the connection limit; one that says hello in time stays open.
 */
class HelloTimeoutTest {

    @Test
    void aSilentConnectionIsClosedAndAGreetedOneIsNot() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1));
                WsTestClient greeted = f.client("greeted")) {
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket silent = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(f.daemon.baseUrl().replaceFirst("^http", "ws") + "/v1/ws"),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                                    closed.complete(status);
                                    return null;
                                }

                                @Override
                                public void onError(WebSocket ws, Throwable error) {
                                    closed.completeExceptionally(error);
                                }
                            })
                    .get(10, TimeUnit.SECONDS);
            try {
                long start = System.nanoTime();
                assertEquals(1008, closed.get(20, TimeUnit.SECONDS), "closed with policy violation");
                assertTrue(System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(9), "not before the timeout");
                greeted.send(WsTestClient.object("type", "ping", "id", "still-here"));
                assertEquals("reply", greeted.await(WsTestClient.reply("still-here")).path("type").asText(),
                        "the connection that said hello is still open");
                assertTrue(f.get("/metrics").contains("reason=\"no_hello\""), "counted");
            } finally {
                silent.abort();
            }
        }
    }
}
