package org.madoguchi.daemon.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.madoguchi.daemon.session.SessionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit records on a thread of its own, with group commit: every record that arrives while
 * the disk is busy joins the next batch, and one {@code fdatasync} covers the whole batch (as
 * databases write their logs). So a slow disk delays only the results waiting for their own
 * records, never the other readers' events, and many sessions finishing at once cost one sync,
 * not one each. A batch that cannot be written fails every record in it (the file is cut back to
 * where it was; see {@link AuditLog#append(List)}).
 */
public final class AuditWriter implements AuditTrail {
    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    /** Records queued at most; beyond that (a disk that stopped answering) a record fails at once. */
    static final int MAX_QUEUED = 10_000;

    private final AuditLog file;
    private final Thread thread;
    private final List<Pending> queue = new ArrayList<>();
    private boolean closed;
    private volatile boolean failing;

    private record Pending(AuditRecord record, CompletableFuture<Void> done) {
    }

    public AuditWriter(AuditLog file) {
        this.file = file;
        this.thread = new Thread(this::run, "audit-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public CompletionStage<Void> record(SessionResult result, List<String> clients) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AuditRecord record;
        try {
            record = AuditRecord.of(result, clients);
        } catch (RuntimeException e) {
            failing = true;
            done.completeExceptionally(e);
            return done;
        }
        synchronized (queue) {
            if (closed || queue.size() >= MAX_QUEUED) {
                failing = true;
                done.completeExceptionally(new IOException(closed ? "the audit file is closed"
                        : "the audit file is not keeping up (" + MAX_QUEUED + " records waiting)"));
                return done;
            }
            queue.add(new Pending(record, done));
            queue.notifyAll();
        }
        return done;
    }

    @Override
    public Health health() {
        return failing ? Health.FAILING : Health.OK;
    }

    /** Read straight from the files (a line being written now is skipped); bounded, see AuditHistory. */
    @Override
    public java.util.Optional<java.util.List<org.madoguchi.daemon.protocol.ServerMessage.HistoryEntry>> history(
            java.time.LocalDate day, java.time.ZoneId zone, int max) throws java.io.IOException {
        return java.util.Optional.of(AuditHistory.read(file.file(), day, zone, max));
    }

    public AuditLog file() {
        return file;
    }

    private void run() {
        while (true) {
            List<Pending> batch;
            synchronized (queue) {
                while (queue.isEmpty() && !closed) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    return; // closed, and everything written
                }
                batch = new ArrayList<>(queue);
                queue.clear();
            }
            write(batch);
        }
    }

    private void write(List<Pending> batch) {
        try {
            file.append(batch.stream().map(Pending::record).toList());
            failing = false;
            batch.forEach(p -> p.done().complete(null));
        } catch (IOException | RuntimeException e) {
            failing = true;
            log.debug("audit batch of {} failed: {}", batch.size(), e.toString());
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        synchronized (queue) {
            closed = true;
            queue.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            file.close();
        } catch (IOException e) {
            log.warn("監査ファイルを閉じられません / Cannot close the audit file: {}", e.toString());
        }
    }
}
