package org.madoguchi.daemon.audit;

import java.io.IOException;
import java.util.List;

import org.madoguchi.daemon.session.SessionResult;

/** Where finished sessions are recorded before their {@code result} goes out. */
public interface AuditTrail {
    /** What {@code /health} says of the trail. */
    enum Health {
        /** Records are written. */
        OK("ok"),
        /** No audit file is configured ({@code auditFile: off}). */
        OFF("off"),
        /** The last record could not be written. */
        FAILING("failing");

        private final String code;

        Health(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * Records one finished session and returns once the record is on disk.
     *
     * @param clients names of the clients whose commands the session accepted, in order of first appearance
     */
    void record(SessionResult result, List<String> clients) throws IOException;

    Health health();

    /**
     * Today's finished sessions (newest first, at most {@code max}), read back from the trail; empty
     * when the trail keeps no file ({@code auditFile: off}).
     */
    default java.util.Optional<java.util.List<org.madoguchi.daemon.protocol.ServerMessage.HistoryEntry>> history(
            java.time.LocalDate day, java.time.ZoneId zone, int max) throws IOException {
        return java.util.Optional.empty();
    }

    /** No audit file. */
    AuditTrail OFF = new AuditTrail() {
        @Override
        public void record(SessionResult result, List<String> clients) {
        }

        @Override
        public Health health() {
            return Health.OFF;
        }
    };
}
