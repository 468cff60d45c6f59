package org.madoguchi.daemon.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a session ended: the body of a {@code result} event, and what metrics and audit see.
 *
 * @param challenge  PIN mode: what the card signed
 * @param signature  PIN mode: the card's signature (SHA256withRSA over the challenge)
 * @param face       face mode: the distance, the threshold it was held against and the liveness verdict
 * @param staff      目視確認: who confirmed
 * @param note       目視確認 and document proof: the staff's note, if any
 * @param notice     {@code card_error} when the card went away during a VERIFY whose outcome is unknown
 * @param document   document proof: what staff saw instead of a card verification
 * @param consent    the patient's consent answers, in the order asked (verified sessions with consent on)
 */
public record SessionResult(
        String session,
        String reader,
        Outcome outcome,
        Optional<Method> method,
        Optional<Reason> reason,
        Optional<Text> message,
        Optional<Notice> notice,
        Optional<CertificateInfo> certificate,
        Optional<byte[]> challenge,
        Optional<byte[]> signature,
        Optional<FaceResult> face,
        Optional<String> staff,
        Optional<String> note,
        Optional<DocumentKind> document,
        Optional<java.util.Map<ConsentItem, Boolean>> consent,
        Instant startedAt,
        Instant finishedAt) {

    public SessionResult {
        Objects.requireNonNull(outcome);
        Objects.requireNonNull(notice);
        challenge = challenge.map(byte[]::clone);
        signature = signature.map(byte[]::clone);
        consent = consent.map(m -> java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m)));
    }

    /**
     * A document proof recorded by staff for a reader with no live session: a result of its own,
     * with a fresh session id, no certificate and no card.
     */
    public static SessionResult document(String session, String reader, DocumentKind document, String staff,
            Optional<String> note, Instant at) {
        return new SessionResult(session, reader, Outcome.VERIFIED, Optional.of(Method.DOCUMENT), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(staff), note, Optional.of(document), Optional.empty(), at, at);
    }

    /**
     * @param distance  the face engine's distance between the card's face and the live face
     * @param threshold {@code face.threshold}: verified because {@code distance <= threshold}
     * @param liveness  {@code live}, or {@code not_checked} with {@code face.liveness: off}
     */
    public record FaceResult(double distance, double threshold, org.madoguchi.driver.face.FaceLiveness liveness) {
    }
}
