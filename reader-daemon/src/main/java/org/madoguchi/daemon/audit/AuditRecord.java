package org.madoguchi.daemon.audit;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.madoguchi.daemon.session.Reason;
import org.madoguchi.daemon.session.Method;
import org.madoguchi.daemon.session.Notice;
import org.madoguchi.daemon.session.SessionResult;

/**
 * One finished session, as the audit file keeps it. There is no field for a PIN, a 個人番号, a
 * name or an address: the record cannot carry them. {@code staff} is the member of staff who
 * confirmed 目視確認 or recorded a document proof (a clinic employee, not a patient); {@code note} is
 * their free text; {@code document} the kind of proof; {@code consent} the patient's answers.
 * {@code verify} is {@code unknown} when the card went away while a VERIFY was on its way, so that
 * a try the card may have counted is on record. {@code faceDistance} is the face engine's distance for a
 * session verified by face (a number, not biometric data: no image, no descriptor).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
        String time,
        String reader,
        String session,
        String method,
        String outcome,
        String reason,
        String verify,
        String certificateSerial,
        Double faceDistance,
        String staff,
        String note,
        String document,
        java.util.Map<String, Boolean> consent,
        List<String> clients) {
    public AuditRecord {
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    /** A record without a document proof or consent answers. */
    public AuditRecord(String time, String reader, String session, String method, String outcome, String reason,
            String verify, String certificateSerial, String staff, String note, List<String> clients) {
        this(time, reader, session, method, outcome, reason, verify, certificateSerial, null, staff, note, null, null,
                clients);
    }

    /**
     * The record of a finished session. Of the certificate only its serial number is kept (not the
     * certificate, its subject, the challenge or the signature).
     */
    public static AuditRecord of(SessionResult result, List<String> clients) {
        return new AuditRecord(
                result.finishedAt().toString(),
                result.reader(),
                result.session(),
                result.method().map(Method::code).orElse(null),
                result.outcome().code(),
                result.reason().map(Reason::code).orElse(null),
                result.notice().filter(n -> n == Notice.CARD_ERROR).map(n -> "unknown").orElse(null),
                result.certificate().map(c -> c.report().serialNumber()).orElse(null),
                result.face().map(f -> org.madoguchi.daemon.protocol.Wire.round3(f.distance())).orElse(null),
                result.staff().orElse(null),
                result.note().orElse(null),
                result.document().map(org.madoguchi.daemon.session.DocumentKind::code).orElse(null),
                result.consent().map(org.madoguchi.daemon.protocol.Wire::consent).orElse(null),
                clients);
    }
}
