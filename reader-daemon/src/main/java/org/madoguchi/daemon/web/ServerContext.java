package org.madoguchi.daemon.web;

import java.util.Objects;
import java.util.Optional;

import org.madoguchi.daemon.audit.AuditTrail;
import org.madoguchi.daemon.log.LogLimiter;
import org.madoguchi.daemon.metrics.DaemonMetrics;
import org.madoguchi.daemon.protocol.MessageCodec;
import org.madoguchi.daemon.readers.ReaderHub;
import org.madoguchi.daemon.readers.SimulatorControl;
import org.madoguchi.daemon.security.AccessPolicy;
import org.madoguchi.daemon.security.AuthThrottle;

/**
 * What the HTTP and WebSocket handlers share.
 *
 * @param hub           readers, sessions and their events
 * @param simulator     present only in simulate mode
 * @param codec         JSON in and out
 * @param metrics       the metrics registry behind {@code /metrics}
 * @param version       the daemon's version, for {@code welcome} and {@code /health}
 * @param startedNanos  {@link System#nanoTime()} at start, for the uptime
 * @param access        tokens, roles, allowed origins and limits
 * @param audit         the audit trail, for {@code /health}
 * @param logLimiter    bounds the log lines outsiders can cause
 * @param authThrottle  bounds token guessing
 * @param face          face mode's state for {@code /health}: {@code ok} or {@code unavailable}
 * @param cardCode      how 照合番号B is had, for {@code /health}: {@code camera}, {@code typed},
 *                      {@code simulated} or {@code unavailable}
 */
public record ServerContext(ReaderHub hub, Optional<SimulatorControl> simulator, MessageCodec codec,
        DaemonMetrics metrics, String version, long startedNanos, AccessPolicy access, AuditTrail audit,
        LogLimiter logLimiter, AuthThrottle authThrottle, java.util.function.Supplier<String> face,
        java.util.function.Supplier<String> cardCode) {

    public ServerContext(ReaderHub hub, Optional<SimulatorControl> simulator, MessageCodec codec,
            DaemonMetrics metrics, String version, long startedNanos, AccessPolicy access, AuditTrail audit,
            java.util.function.Supplier<String> face, java.util.function.Supplier<String> cardCode) {
        this(hub, simulator, codec, metrics, version, startedNanos, access, audit, LogLimiter.standard(),
                new AuthThrottle(), face, cardCode);
    }

    public ServerContext(ReaderHub hub, Optional<SimulatorControl> simulator, MessageCodec codec,
            DaemonMetrics metrics, String version, long startedNanos, AccessPolicy access, AuditTrail audit,
            java.util.function.Supplier<String> face) {
        this(hub, simulator, codec, metrics, version, startedNanos, access, audit, face, () -> "unavailable");
    }

    public ServerContext(ReaderHub hub, Optional<SimulatorControl> simulator, MessageCodec codec,
            DaemonMetrics metrics, String version, long startedNanos, AccessPolicy access, AuditTrail audit) {
        this(hub, simulator, codec, metrics, version, startedNanos, access, audit, () -> "unavailable");
    }

    public ServerContext {
        Objects.requireNonNull(hub);
        Objects.requireNonNull(simulator);
        Objects.requireNonNull(codec);
        Objects.requireNonNull(metrics);
        Objects.requireNonNull(version);
        Objects.requireNonNull(access);
        Objects.requireNonNull(audit);
        Objects.requireNonNull(logLimiter);
        Objects.requireNonNull(authThrottle);
        Objects.requireNonNull(face);
        Objects.requireNonNull(cardCode);
    }

    public boolean simulate() {
        return simulator.isPresent();
    }

    public long uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L;
    }
}
