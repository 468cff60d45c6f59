package org.madoguchi.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * (b) One card event delivered to N observers: each round the driving client removes the card
 * ({@code sim.remove}); every observer stamps the arrival of the {@code reader} event that says the
 * reader is empty. Latency is measured from the moment the command is sent.
 */
final class DaemonBenchFanOut {
    /** Per round: the latency of each observer, and the spread between first and last. */
    record Result(List<Long> latencies, List<Long> spreads, List<Long> firsts) {
    }

    private DaemonBenchFanOut() {
    }

    static Result run(String baseUrl, String reader, int observers, int rounds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().executor(pool).build();
        List<Observer> all = new ArrayList<>();
        try (DaemonBenchClient driver = new DaemonBenchClient(http, baseUrl, "driver")) {
            URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/v1/ws");
            for (int i = 0; i < observers; i++) {
                Observer o = new Observer(reader);
                o.socket = http.newWebSocketBuilder().buildAsync(uri, o).get(20, TimeUnit.SECONDS);
                o.socket.sendText("{\"type\":\"hello\",\"client\":\"observer-" + i + "\"}", true).get();
                all.add(o);
            }
            for (Observer o : all) {
                o.welcomed.await(20, TimeUnit.SECONDS);
            }
            List<Long> latencies = new ArrayList<>();
            List<Long> spreads = new ArrayList<>();
            List<Long> firsts = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                driver.command("type", "sim.insert", "reader", reader, "profile", "not-my-number");
                driver.await(m -> "result".equals(m.path("type").asText()));
                CountDownLatch done = new CountDownLatch(observers);
                all.forEach(o -> o.arm(done));
                long t0 = System.nanoTime();
                driver.command("type", "sim.remove", "reader", reader);
                if (!done.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not every observer saw the event");
                }
                long first = Long.MAX_VALUE;
                long last = Long.MIN_VALUE;
                for (Observer o : all) {
                    latencies.add(o.arrival - t0);
                    first = Math.min(first, o.arrival);
                    last = Math.max(last, o.arrival);
                }
                spreads.add(last - first);
                firsts.add(first - t0);
            }
            return new Result(latencies, spreads, firsts);
        } finally {
            for (Observer o : all) {
                if (o.socket != null) {
                    o.socket.abort();
                }
            }
            pool.shutdownNow();
        }
    }

    /** Stamps the arrival of "reader is empty"; parses nothing else. */
    private static final class Observer implements WebSocket.Listener {
        private final String marker;
        final CountDownLatch welcomed = new CountDownLatch(1);
        volatile WebSocket socket;
        volatile CountDownLatch armed;
        volatile long arrival;
        private final StringBuilder partial = new StringBuilder();

        Observer(String reader) {
            this.marker = "\"reader\":\"" + reader + "\",\"attached\":true,\"card\":null";
        }

        void arm(CountDownLatch latch) {
            armed = latch;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (text.startsWith("{\"type\":\"welcome\"")) {
                    welcomed.countDown();
                } else if (text.startsWith("{\"type\":\"reader\"") && text.contains(marker)) {
                    CountDownLatch latch = armed;
                    if (latch != null) {
                        armed = null;
                        arrival = now;
                        latch.countDown();
                    }
                }
            }
            ws.request(1);
            return null;
        }
    }
}
