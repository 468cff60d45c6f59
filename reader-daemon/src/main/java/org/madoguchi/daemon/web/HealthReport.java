package org.madoguchi.daemon.web;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import org.madoguchi.daemon.protocol.ServerMessage;
import org.madoguchi.daemon.protocol.Wire;
import org.madoguchi.daemon.readers.ReaderHub;
import org.madoguchi.daemon.session.SessionView;

/**
 * The body of {@code GET /health}.
 *
 * @param status        {@code ok}, or {@code degraded} while audit records cannot be written or the
 *                      PC/SC service does not answer
 * @param version       the daemon's version
 * @param backend       the reader back-end: {@code simulated}, {@code jna} or {@code jdk}
 * @param simulate      whether the daemon runs with {@code --simulate}
 * @param uptimeSeconds whole seconds since start
 * @param clients       WebSocket clients connected (after {@code hello})
 * @param pcsc          the PC/SC service: {@code ok} or {@code unavailable}
 * @param audit         the audit file: {@code ok}, {@code off} or {@code failing}
 * @param face          face mode: {@code ok}; {@code loading} in the first second or so after start, while the
 *                      engine loads (it starts once the daemon listens); or {@code unavailable} (no engine: its weights are
 *                      missing or corrupt, see the log; PIN and 目視確認 still work)
 * @param cardCode      how face mode has 照合番号B: {@code camera} (the card-front OCR is loaded: the kiosk
 *                      photographs the card front, staff may type instead), {@code typed} (staff type it:
 *                      {@code face.cardCode: typed}, or the OCR did not load, see the log), {@code simulated}
 *                      (the simulator's stand-in), or {@code unavailable} (no face mode)
 * @param readers       every attached reader, with its live session if any
 */
@JsonPropertyOrder({"status", "version", "backend", "simulate", "uptimeSeconds", "clients", "pcsc", "audit",
    "face", "cardCode", "readers"})
public record HealthReport(String status, String version, String backend, boolean simulate, long uptimeSeconds,
        int clients, String pcsc, String audit, String face, String cardCode, List<Reader> readers) {

    /** One reader, as in the protocol's {@code reader} event, and the state of its live session. */
    @JsonPropertyOrder({"reader", "attached", "card", "session"})
    public record Reader(String reader, boolean attached, ServerMessage.CardInfo card,
            @JsonInclude(JsonInclude.Include.NON_NULL) Session session) {
    }

    /** A live session: its id and state. */
    @JsonPropertyOrder({"session", "state"})
    public record Session(String session, String state) {
    }

    static HealthReport of(ServerContext context) {
        ReaderHub.Snapshot snapshot = context.hub().fullSnapshot();
        Map<String, SessionView> live = snapshot.sessions().stream()
                .collect(Collectors.toMap(SessionView::reader, Function.identity(), (a, b) -> a));
        List<Reader> readers = snapshot.readers().stream()
                .map(status -> {
                    var r = Wire.reader(status);
                    SessionView s = live.get(status.reader());
                    return new Reader(r.reader(), r.attached(), r.card(),
                            s == null ? null : new Session(s.session(), s.state().code()));
                })
                .toList();
        ReaderHub.ServiceStatus service = snapshot.service();
        return new HealthReport(service.healthy() ? "ok" : "degraded", context.version(),
                context.hub().backendId(), context.simulate(), context.uptimeSeconds(),
                context.metrics().connectedClients(), service.pcscAvailable() ? "ok" : "unavailable",
                service.audit().code(), context.face().get(), context.cardCode().get(), readers);
    }
}
