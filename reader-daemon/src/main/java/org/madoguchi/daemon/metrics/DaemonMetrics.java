package org.madoguchi.daemon.metrics;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.madoguchi.daemon.session.Method;
import org.madoguchi.daemon.session.Outcome;
import org.madoguchi.daemon.session.SessionResult;

/**
 * The daemon's metrics, served as Prometheus text at {@code GET /metrics} (docs/operations.md).
 * Tags are closed sets of wire names (method, outcome, reason, operation): never a PIN, a reader's
 * card data, a staff name or a session id.
 */
public final class DaemonMetrics {
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LongAdder apdus = new LongAdder();
    private final AtomicInteger clients = new AtomicInteger();
    private final Counter pinFailures;
    private final Counter pinLockouts;
    private final Counter visualConfirmations;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    public DaemonMetrics() {
        FunctionCounter.builder("madoguchi.apdus", apdus, LongAdder::sum)
                .description("Command APDUs sent to cards").register(registry);
        Gauge.builder("madoguchi.clients.connected", clients, AtomicInteger::get)
                .description("WebSocket clients that said hello and are still connected").register(registry);
        pinFailures = Counter.builder("madoguchi.pin.failures")
                .description("Wrong PINs (VERIFY answered 63Cx, including the one that blocked)").register(registry);
        pinLockouts = Counter.builder("madoguchi.pin.lockouts")
                .description("PINs blocked by a wrong PIN entered here (63C0)").register(registry);
        visualConfirmations = Counter.builder("madoguchi.visual.confirmations")
                .description("Sessions verified by staff (目視確認)").register(registry);
    }

    /** Counts the APDUs of every reader; handed to the driver's transport stack. */
    public LongAdder apduCounter() {
        return apdus;
    }

    /** Reports the number of live sessions (registered once by the reader hub). */
    public void liveSessions(IntSupplier live) {
        Gauge.builder("madoguchi.sessions.live", live, s -> s.getAsInt()).strongReference(true)
                .description("Verification sessions not yet ended").register(registry);
    }

    public void sessionFinished(SessionResult result) {
        Counter.builder("madoguchi.sessions")
                .description("Finished verification sessions by method and outcome")
                .tag("method", result.method().map(Method::code).orElse("none"))
                .tag("outcome", result.outcome().code())
                .tag("reason", result.reason().map(r -> r.code()).orElse("none"))
                .register(registry).increment();
        if (result.outcome() == Outcome.VERIFIED && result.method().orElse(null) == Method.VISUAL) {
            visualConfirmations.increment();
        }
    }

    public void pinFailure() {
        pinFailures.increment();
    }

    public void pinLockout() {
        pinLockouts.increment();
    }

    /** The latency timer of one card operation ({@code prepare}, {@code verify_and_sign}, …). */
    public Timer cardOperation(String operation) {
        return timers.computeIfAbsent(operation, op -> Timer.builder("madoguchi.card.operation")
                .description("Duration of card and face steps on the reader workers")
                .tag("operation", op)
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
    }

    /** A message answered with an error, by its code ({@code forbidden}, {@code rate_limited}, …). */
    public void refused(String code) {
        Counter.builder("madoguchi.messages.refused")
                .description("Client messages answered with an error, by error code")
                .tag("code", code)
                .register(registry).increment();
    }

    /** An HTTP request or connection turned away before any WebSocket frame, or closed for flooding. */
    public void connectionRefused(String reason) {
        Counter.builder("madoguchi.connections.refused")
                .description("Requests refused (host, origin, limit) and connections closed (flood, slow)")
                .tag("reason", reason)
                .register(registry).increment();
    }

    /** An audit record that could not be written. */
    public void auditFailure() {
        Counter.builder("madoguchi.audit.failures")
                .description("Audit records that could not be written to disk")
                .register(registry).increment();
    }

    public void clientConnected() {
        clients.incrementAndGet();
    }

    public void clientDisconnected() {
        clients.decrementAndGet();
    }

    public int connectedClients() {
        return clients.get();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
