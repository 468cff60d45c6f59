package org.madoguchi.daemon.protocol;

import java.util.Base64;

import org.madoguchi.daemon.readers.ReaderHub;
import org.madoguchi.daemon.readers.ReaderStatus;
import org.madoguchi.daemon.session.CertificateInfo;
import org.madoguchi.daemon.session.ConsentItem;
import org.madoguchi.daemon.session.DocumentKind;
import org.madoguchi.daemon.session.Method;
import org.madoguchi.daemon.session.Mode;
import org.madoguchi.daemon.session.Notice;
import org.madoguchi.daemon.session.PinCounter;
import org.madoguchi.daemon.session.Reason;
import org.madoguchi.daemon.session.SessionResult;
import org.madoguchi.daemon.session.SessionView;
import org.madoguchi.daemon.session.Step;

/** Maps the daemon's state records to protocol messages. */
public final class Wire {
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private Wire() {
    }

    public static ServerMessage.ReaderMessage reader(ReaderStatus status) {
        ServerMessage.CardInfo card = status.card()
                .map(c -> new ServerMessage.CardInfo(c.kind().code(), c.atrHex(), c.pin().map(p -> pin(p, null))
                        .orElse(null)))
                .orElse(null);
        return new ServerMessage.ReaderMessage(status.reader(), status.attached(), card);
    }

    static ServerMessage.PinInfo pin(PinCounter p, Boolean lastTryConfirmed) {
        return new ServerMessage.PinInfo(p.retriesLeft() == PinCounter.UNKNOWN ? null : p.retriesLeft(), p.max(),
                p.blocked(), p.usable(), lastTryConfirmed);
    }

    public static ServerMessage.SessionMessage session(SessionView v) {
        return new ServerMessage.SessionMessage(v.session(), v.reader(), v.state().code(),
                v.allowedModes().stream().map(Mode::code).toList(),
                v.mode().map(Mode::code).orElse(null),
                v.pin().map(p -> pin(p, p.lastTry() ? v.lastTryConfirmed() : null)).orElse(null),
                v.face().map(f -> new ServerMessage.FaceInfo(f.attempts(), f.maxAttempts())).orElse(null),
                v.cardCode().map(c -> new ServerMessage.CardCodeInfo(c.retriesLeft() == PinCounter.UNKNOWN ? null
                        : c.retriesLeft(), c.camera(), c.read().orElse(null), c.refusal().orElse(null))).orElse(null),
                v.notice().map(Notice::code).orElse(null),
                v.message().orElse(null),
                v.step().map(Step::code).orElse(null),
                v.consent().map(items -> new ServerMessage.ConsentAsk(items.stream().map(ConsentItem::code).toList()))
                        .orElse(null),
                v.cardAwayUntil().map(Object::toString).orElse(null),
                v.startedAt().toString());
    }

    public static ServerMessage.ResultMessage result(SessionResult r) {
        return new ServerMessage.ResultMessage(r.session(), r.reader(), r.outcome().code(),
                r.method().map(Method::code).orElse(null),
                r.reason().map(Reason::code).orElse(null),
                r.message().orElse(null),
                r.notice().map(Notice::code).orElse(null),
                r.certificate().map(Wire::certificate).orElse(null),
                r.challenge().map(B64::encodeToString).orElse(null),
                r.signature().map(B64::encodeToString).orElse(null),
                r.face().map(f -> new ServerMessage.FaceResult(round3(f.distance()), f.threshold(),
                        f.liveness().code())).orElse(null),
                r.staff().orElse(null),
                r.note().orElse(null),
                r.document().map(DocumentKind::code).orElse(null),
                r.consent().map(Wire::consent).orElse(null),
                r.startedAt().toString(),
                r.finishedAt().toString());
    }

    /** A distance to 3 decimals: enough for people, and no more precision than the calibration has. */
    public static double round3(double d) {
        return Math.round(d * 1000.0) / 1000.0;
    }

    public static ServerMessage.ServiceMessage service(ReaderHub.ServiceStatus s) {
        return new ServerMessage.ServiceMessage(s.pcscAvailable() ? "ok" : "unavailable", s.audit().code());
    }

    /** Consent answers by wire name, in the order asked. */
    public static java.util.Map<String, Boolean> consent(java.util.Map<ConsentItem, Boolean> answers) {
        java.util.Map<String, Boolean> m = new java.util.LinkedHashMap<>();
        answers.forEach((k, v) -> m.put(k.code(), v));
        return m;
    }

    static ServerMessage.CertificateJson certificate(CertificateInfo c) {
        var rep = c.report();
        return new ServerMessage.CertificateJson(B64.encodeToString(c.der()), rep.serialNumber(), rep.issuer(),
                rep.subject(), rep.notBefore().toString(), rep.notAfter().toString(), rep.chain().code(),
                rep.renewal().code());
    }
}
