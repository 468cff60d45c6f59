package org.madoguchi.daemon.session;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;


/** How a session ends, before it becomes a {@link SessionResult}. */
record Ending(Outcome outcome, Method method, Reason reason, Text message, SessionResult.FaceResult face,
        byte[] challenge, byte[] signature, String staff, String note, DocumentKind document,
        Map<ConsentItem, Boolean> consent, boolean verifyUnknown) {

    static Ending of(Outcome outcome, Reason reason) {
        return new Ending(outcome, null, reason, Texts.reason(reason), null, null, null, null, null, null, null, false);
    }

    /** The card went away while a VERIFY was on its way: whether the card counted it is unknown. */
    static Ending verifyUnknown(Reason reason) {
        return new Ending(Outcome.ABORTED, null, reason, Texts.goneDuringVerify(), null, null, null, null, null, null,
                null, true);
    }

    static Ending failed(Reason reason, Text message) {
        return new Ending(Outcome.FAILED, null, reason, message, null, null, null, null, null, null, null, false);
    }

    static Ending face(SessionResult.FaceResult score) {
        return new Ending(Outcome.VERIFIED, Method.FACE, null, null, score, null, null, null, null, null, null, false);
    }

    static Ending pin(byte[] challenge, byte[] signature) {
        return new Ending(Outcome.VERIFIED, Method.PIN, null, null, null, challenge, signature, null, null, null,
                null, false);
    }

    static Ending visual(SessionEvent.ConfirmVisual confirmation) {
        return new Ending(Outcome.VERIFIED, Method.VISUAL, null, null, null, null, null, confirmation.staff(),
                confirmation.note().orElse(null), null, null, false);
    }

    static Ending document(SessionEvent.RecordDocument record) {
        return new Ending(Outcome.VERIFIED, Method.DOCUMENT, null, null, null, null, null, record.staff(),
                record.note().orElse(null), record.document(), null, false);
    }

    /** The same verification, with the patient's consent answers. */
    Ending withConsent(Map<ConsentItem, Boolean> answers) {
        return new Ending(outcome, method, reason, message, face, challenge, signature, staff, note, document,
                answers, verifyUnknown);
    }

    /**
     * The result. An aborted session carries no certificate (nothing was decided about the card), nor
     * does a document proof: a document, not the card, proved who the patient is.
     */
    SessionResult result(String session, String reader, Optional<CertificateInfo> certificate, Instant startedAt,
            Instant at) {
        return new SessionResult(session, reader, outcome, Optional.ofNullable(method), Optional.ofNullable(reason),
                Optional.ofNullable(message), verifyUnknown ? Optional.of(Notice.CARD_ERROR) : Optional.empty(),
                outcome == Outcome.ABORTED || method == Method.DOCUMENT ? Optional.empty() : certificate,
                Optional.ofNullable(challenge), Optional.ofNullable(signature), Optional.ofNullable(face),
                Optional.ofNullable(staff), Optional.ofNullable(note), Optional.ofNullable(document),
                Optional.ofNullable(consent), startedAt, at);
    }
}
