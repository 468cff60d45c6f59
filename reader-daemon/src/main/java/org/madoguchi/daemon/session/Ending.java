package org.madoguchi.daemon.session;

import java.time.Instant;
import java.util.Optional;


/** How a session ends, before it becomes a {@link SessionResult}. */
record Ending(Outcome outcome, Method method, Reason reason, Text message, SessionResult.FaceScore face,
        byte[] challenge, byte[] signature, SessionEvent.ConfirmVisual visual, boolean verifyUnknown) {

    static Ending of(Outcome outcome, Reason reason) {
        return new Ending(outcome, null, reason, Texts.reason(reason), null, null, null, null, false);
    }

    /** The card went away while a VERIFY was on its way: whether the card counted it is unknown. */
    static Ending verifyUnknown(Reason reason) {
        return new Ending(Outcome.ABORTED, null, reason, Texts.goneDuringVerify(), null, null, null, null, true);
    }

    static Ending failed(Reason reason, Text message) {
        return new Ending(Outcome.FAILED, null, reason, message, null, null, null, null, false);
    }

    static Ending face(SessionResult.FaceScore score) {
        return new Ending(Outcome.VERIFIED, Method.FACE, null, null, score, null, null, null, false);
    }

    static Ending pin(byte[] challenge, byte[] signature) {
        return new Ending(Outcome.VERIFIED, Method.PIN, null, null, null, challenge, signature, null, false);
    }

    static Ending visual(SessionEvent.ConfirmVisual confirmation) {
        return new Ending(Outcome.VERIFIED, Method.VISUAL, null, null, null, null, null, confirmation, false);
    }

    /** The result; an aborted session carries no certificate (nothing was decided about the card). */
    SessionResult result(String session, String reader, Optional<CertificateInfo> certificate, Instant startedAt,
            Instant at) {
        Optional<SessionEvent.ConfirmVisual> v = Optional.ofNullable(visual);
        return new SessionResult(session, reader, outcome, Optional.ofNullable(method), Optional.ofNullable(reason),
                Optional.ofNullable(message), verifyUnknown ? Optional.of(Notice.CARD_ERROR) : Optional.empty(),
                outcome == Outcome.ABORTED ? Optional.empty() : certificate,
                Optional.ofNullable(challenge), Optional.ofNullable(signature), Optional.ofNullable(face),
                v.map(SessionEvent.ConfirmVisual::staff), v.flatMap(SessionEvent.ConfirmVisual::note), startedAt, at);
    }
}
