package org.madoguchi.daemon.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import org.madoguchi.daemon.protocol.ServerMessage;

/**
 * The body of {@code GET /health}.
 *
 * @param status        always {@code ok} while the daemon answers
 * @param version       the daemon's version
 * @param backend       the reader back-end: {@code simulated}, {@code jdk} (later {@code jna})
 * @param simulate      whether the daemon runs with {@code --simulate}
 * @param uptimeSeconds whole seconds since start
 * @param readers       every attached reader
 */
@JsonPropertyOrder({"status", "version", "backend", "simulate", "uptimeSeconds", "readers"})
public record HealthReport(
        String status, String version, String backend, boolean simulate, long uptimeSeconds, List<Reader> readers) {

    /** One reader, as in the protocol's {@code reader} event without its {@code type}. */
    @JsonPropertyOrder({"reader", "attached", "card"})
    public record Reader(String reader, boolean attached, ServerMessage.CardInfo card) {
    }

    static HealthReport of(ServerContext context) {
        List<Reader> readers = context.hub().snapshot().stream()
                .map(Wire::reader)
                .map(r -> new Reader(r.reader(), r.attached(), r.card()))
                .toList();
        return new HealthReport("ok", context.version(), context.hub().backendId(), context.simulate(),
                context.uptimeSeconds(), readers);
    }
}
