package org.madoguchi.daemon.web;

import java.util.Objects;
import java.util.Optional;

import org.madoguchi.daemon.audit.AuditTrail;
import org.madoguchi.daemon.metrics.DaemonMetrics;
import org.madoguchi.daemon.protocol.MessageCodec;
import org.madoguchi.daemon.readers.ReaderHub;
import org.madoguchi.daemon.readers.SimulatorControl;
import org.madoguchi.daemon.security.AccessPolicy;

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
 */
public record ServerContext(ReaderHub hub, Optional<SimulatorControl> simulator, MessageCodec codec,
        DaemonMetrics metrics, String version, long startedNanos, AccessPolicy access, AuditTrail audit) {

    public ServerContext {
        Objects.requireNonNull(hub);
        Objects.requireNonNull(simulator);
        Objects.requireNonNull(codec);
        Objects.requireNonNull(metrics);
        Objects.requireNonNull(version);
        Objects.requireNonNull(access);
        Objects.requireNonNull(audit);
    }

    public boolean simulate() {
        return simulator.isPresent();
    }

    public long uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L;
    }
}
