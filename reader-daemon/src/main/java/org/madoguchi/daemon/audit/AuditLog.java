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
import org.madoguchi.daemon.session.SessionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only audit trail: one JSON line per finished session, written and forced to disk
 * ({@code fdatasync}) before {@link #append} returns, so the daemon sends a {@code result} only for
 * sessions the file already holds. Rotated by size ({@code audit.jsonl} → {@code audit.jsonl.1} →
 * …). On open, a torn last line (a crash mid-write) is cut off and kept beside the file as
 * {@code audit.jsonl.torn-<time>}; every complete line before it stays as it was.
 */
public final class AuditLog implements AuditTrail, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final ObjectMapper json = new ObjectMapper();
    private FileChannel channel;
    private volatile boolean failing;

    /**
     * @param maxBytes rotate before a line would make the file larger than this
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
        recover();
        this.channel = open();
    }

    /** Opens (creating) the file for appending; a new file is readable by its owner only where POSIX permissions exist. */
    private FileChannel open() throws IOException {
        if (!Files.exists(file) && posix(file)) {
            return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Whether the file system of this path has POSIX permissions (then what the audit creates is owner-only). */
    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Cuts a torn last line (no newline at the end) off, keeping it in a side file. */
    private void recover() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0) {
                return;
            }
            long end = lastNewlineEnd(ch, size);
            if (end == size) {
                return;
            }
            ByteBuffer tail = ByteBuffer.allocate((int) Math.min(size - end, 1 << 20));
            ch.read(tail, end);
            Path torn = file.resolveSibling(file.getFileName() + ".torn-" + Instant.now().toEpochMilli());
            Files.write(torn, java.util.Arrays.copyOf(tail.array(), tail.position()));
            if (posix(torn)) {
                Files.setPosixFilePermissions(torn, OWNER_ONLY);
            }
            ch.truncate(end);
            ch.force(true);
            log.warn("監査ファイルの最後の行が途中で切れていました。{} に保存して切り詰めました"
                    + " / The audit file ended in a torn line ({} bytes); kept in {} and cut off",
                    torn.getFileName(), size - end, torn.getFileName());
        }
    }

    /** The offset just after the last newline (0 when there is none). */
    private static long lastNewlineEnd(FileChannel ch, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long pos = size;
        while (pos > 0) {
            int n = (int) Math.min(buf.capacity(), pos);
            pos -= n;
            buf.clear().limit(n);
            ch.read(buf, pos);
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return pos + i + 1;
                }
            }
        }
        return 0;
    }

    @Override
    public void record(SessionResult result, List<String> clients) throws IOException {
        try {
            append(AuditRecord.of(result, clients));
            failing = false;
        } catch (IOException | RuntimeException e) {
            failing = true;
            throw e;
        }
    }

    @Override
    public Health health() {
        return failing ? Health.FAILING : Health.OK;
    }

    /** Appends one record and forces it to disk before returning. */
    public synchronized void append(AuditRecord record) throws IOException {
        byte[] line;
        try {
            line = (json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IOException("audit record not serialisable", e);
        }
        if (channel.size() > 0 && channel.size() + line.length > maxBytes) {
            rotate();
        }
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
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
    }

    private Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    @Override
    public java.util.Optional<java.util.List<org.madoguchi.daemon.protocol.ServerMessage.HistoryEntry>> history(
            java.time.LocalDate day, java.time.ZoneId zone, int max) throws IOException {
        return java.util.Optional.of(AuditHistory.read(file, day, zone, max));
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            channel.force(true);
            channel.close();
        }
    }
}
