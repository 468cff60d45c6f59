package org.madoguchi.daemon.audit;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One finished session, as the audit file keeps it. There is no field for a PIN, a 個人番号, a
 * name or an address: the record cannot carry them. {@code staff} is the member of staff who
 * confirmed 目視確認 (a clinic employee, not a patient); {@code note} is their free text.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
        String time,
        String reader,
        String session,
        String method,
        String outcome,
        String reason,
        String certificateSerial,
        String staff,
        String note,
        List<String> clients) {
    public AuditRecord {
        clients = clients == null ? List.of() : List.copyOf(clients);
    }
}
