package org.madoguchi.daemon.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only audit file: one JSON line per finished session. {@link #append} writes a batch of
 * records and forces them to disk ({@code fdatasync}) before it returns. Rotated by size
 * ({@code audit.jsonl} → {@code audit.jsonl.1} → …).
 *
 * <p>Nothing half-written stays in the file. A write that fails (disk full, I/O error) is rolled
 * back: the file is cut back to the end of the last whole record before anything else is written,
 * so a later record is never glued onto a fragment. On open the whole file is checked, line by
 * line ({@link AuditRecovery}): a torn or broken line is moved to a side file
 * {@code audit.jsonl.torn-<time>}, and every whole record stays as it was. Not thread-safe on its
 * own: one writer ({@link AuditWriter}) owns it.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final ObjectMapper json = new ObjectMapper();
    private FileChannel channel;
    /** The end of the last whole record: where the next one starts. */
    private long committed;
    /** A write failed after this many bytes had been written past {@link #committed}: cut them first. */
    private boolean dirty;

    /**
     * @param maxBytes rotate before a batch would make the file larger than this
     * @param keep     how many rotated files to keep
     */
    public AuditLog(Path file, long maxBytes, int keep) throws IOException {
        if (maxBytes < 1024 || keep < 1) {
            throw new IllegalArgumentException("audit rotation needs maxBytes >= 1024 and keep >= 1");
        }
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.keep = keep;
        Path parent = this.file.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            if (posix(parent)) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectories(parent);
            }
        }
        AuditRecovery.check(this.file).ifPresent(kept -> log.warn("監査ファイルに途中で切れた行・壊れた行がありました。"
                + "{} に保存して取り除きました / The audit file held torn or broken lines; they were moved to {}",
                kept.getFileName(), kept.getFileName()));
        this.channel = open();
        this.committed = channel.size();
    }

    /** Opens (creating) the file for writing at its end; a new file is readable by its owner only where POSIX permissions exist. */
    private FileChannel open() throws IOException {
        if (!Files.exists(file) && posix(file)) {
            return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    /** Whether the file system of this path has POSIX permissions (then what the audit creates is owner-only). */
    static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Appends one record and forces it to disk before returning. */
    public void append(AuditRecord record) throws IOException {
        append(List.of(record));
    }

    /**
     * Appends the records, in order, and forces them to disk before returning: all of them, or
     * (after an exception) none, the file being cut back to where it was.
     */
    public void append(List<AuditRecord> records) throws IOException {
        byte[] lines = encode(records);
        if (dirty) {
            rollBack(); // the last failure could not be undone then; it must be before anything new
        }
        if (committed > 0 && committed + lines.length > maxBytes) {
            rotate();
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(lines);
            long at = committed;
            while (buf.hasRemaining()) {
                at += channel.write(buf, at);
            }
            channel.force(false);
            committed = at;
        } catch (IOException | RuntimeException e) {
            dirty = true;
            try {
                rollBack();
            } catch (IOException again) {
                e.addSuppressed(again); // still dirty: the next append tries again first
            }
            throw e;
        }
    }

    private byte[] encode(List<AuditRecord> records) throws IOException {
        StringBuilder b = new StringBuilder();
        for (AuditRecord r : records) {
            try {
                b.append(json.writeValueAsString(r)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IOException("audit record not serialisable", e);
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Cuts whatever a failed write left after the last whole record. */
    private void rollBack() throws IOException {
        if (channel.size() > committed) {
            channel.truncate(committed);
        }
        channel.force(true);
        dirty = false;
    }

    private void rotate() throws IOException {
        channel.force(true);
        channel.close();
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.ATOMIC_MOVE);
        channel = open();
        committed = 0;
    }

    /** The n-th rotated file ({@code audit.jsonl.n}); 0 is the current file. */
    public Path rotated(int n) {
        return n == 0 ? file : file.resolveSibling(file.getFileName() + "." + n);
    }

    /** How many rotated files are kept beside the current one. */
    public int keep() {
        return keep;
    }

    public Path file() {
        return file;
    }

    /** A side file for a torn or broken line found on open. */
    static Path tornFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".torn-" + Instant.now().toEpochMilli());
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            channel.force(true);
            channel.close();
        }
    }
}
