package org.madoguchi.daemon.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks an audit file before it is appended to. Every line must be one whole record: a JSON object
 * whose first field is {@code time}. What is not (a record cut short by a crash or a full disk, or
 * one glued onto such a fragment by an older version: {@code …"certificateSerial":"1{"time":…}})
 * is taken apart at each {@code {"time":"}: whole records are kept in place and in order, the
 * fragments go to a side file. A record's own text can never contain {@code {"time":"} unescaped,
 * so the split is safe. The file is rewritten (atomically) only when something was wrong; the side
 * file holds each broken part's bytes as they were, one per line. The audit file is rotated at a
 * few MiB, so it is read whole.
 */
final class AuditRecovery {
    /** How every record starts; a fragment glued to a record is cut off at the record's start. */
    static final String RECORD_START = "{\"time\":\"";
    private static final byte[] START = RECORD_START.getBytes(StandardCharsets.UTF_8);

    private AuditRecovery() {
    }

    /** Checks the file; returns the side file the broken parts were moved to, if there were any. */
    static Optional<Path> check(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return Optional.empty();
        }
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        byte[] all = Files.readAllBytes(file);
        ByteArrayOutputStream good = new ByteArrayOutputStream(all.length);
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        int from = 0;
        while (from < all.length) {
            int nl = indexOf(all, (byte) '\n', from);
            int end = nl < 0 ? all.length : nl;
            for (int[] piece : pieces(all, from, end)) {
                if (whole(all, piece[0], piece[1], json)) {
                    good.write(all, piece[0], piece[1] - piece[0]);
                    good.write('\n');
                } else if (piece[1] > piece[0]) {
                    bad.write(all, piece[0], piece[1] - piece[0]);
                    bad.write('\n');
                }
            }
            from = end + 1;
        }
        if (bad.size() == 0 && good.size() == all.length) {
            return Optional.empty();
        }
        Optional<Path> torn = Optional.empty();
        if (bad.size() > 0) {
            torn = Optional.of(AuditLog.tornFile(file));
            write(torn.get(), bad.toByteArray());
        }
        Path fresh = file.resolveSibling(file.getFileName() + ".recovering");
        write(fresh, good.toByteArray());
        Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return torn;
    }

    private static void write(Path path, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            if (AuditLog.posix(path)) {
                Files.setPosixFilePermissions(path, AuditLog.OWNER_ONLY);
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    /** A line cut before each record start but the first: the parts a glued line is made of. */
    static List<int[]> pieces(byte[] b, int from, int end) {
        List<int[]> out = new ArrayList<>();
        int start = from;
        int next;
        while ((next = indexOf(b, START, start + 1, end)) > 0) {
            out.add(new int[] {start, next});
            start = next;
        }
        out.add(new int[] {start, end});
        return out;
    }

    private static boolean whole(byte[] b, int from, int end, ObjectMapper json) {
        if (indexOf(b, START, from, end) != from || indexOf(b, START, from + 1, end) > 0) {
            return false;
        }
        try {
            JsonNode n = json.readTree(b, from, end - from);
            return n != null && n.isObject() && n.path("time").isTextual();
        } catch (IOException e) {
            return false;
        }
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] b, byte[] x, int from, int end) {
        outer:
        for (int i = from; i <= end - x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                if (b[i + j] != x[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
