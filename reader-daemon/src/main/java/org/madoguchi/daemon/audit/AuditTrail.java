package org.madoguchi.daemon.audit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.madoguchi.daemon.session.SessionResult;

/** Where finished sessions are recorded before their {@code result} goes out. */
public interface AuditTrail extends AutoCloseable {
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
     * Records one finished session. Returns at once; the stage completes once the record is on disk
     * (or exceptionally when it could not be written). Records are written in the order of the
     * calls.
     *
     * @param clients names of the clients whose commands the session accepted, in order of first appearance
     */
    CompletionStage<Void> record(SessionResult result, List<String> clients);

    Health health();

    /**
     * Today's finished sessions (newest first, at most {@code max}), read back from the trail; empty
     * when the trail keeps no file ({@code auditFile: off}).
     */
    default java.util.Optional<java.util.List<org.madoguchi.daemon.protocol.ServerMessage.HistoryEntry>> history(
            java.time.LocalDate day, java.time.ZoneId zone, int max) throws java.io.IOException {
        return java.util.Optional.empty();
    }

    @Override
    default void close() {
    }

    /** No audit file. */
    AuditTrail OFF = new AuditTrail() {
        @Override
        public CompletionStage<Void> record(SessionResult result, List<String> clients) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Health health() {
            return Health.OFF;
        }
    };
}
