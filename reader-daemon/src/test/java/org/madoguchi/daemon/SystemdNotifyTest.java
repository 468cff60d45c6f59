package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** {@code Type=notify}: READY=1 reaches an AF_UNIX datagram socket like the one systemd listens on. */
class SystemdNotifyTest {
    /** The receiving side, as systemd has it: bind and recv with a timeout. */
    public interface Sockets extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] addr, int len) throws LastErrorException;

        int setsockopt(int fd, int level, int name, long[] value, int len) throws LastErrorException;

        long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

        int close(int fd);
    }

    /** A bound datagram socket that answers the next message (or null after the timeout). */
    static final class Listener implements AutoCloseable {
        final Sockets c = Native.load("c", Sockets.class);
        final int fd;

        Listener(String name, int timeoutSeconds) {
            fd = c.socket(1, 2, 0);
            byte[] addr = SystemdNotify.address(name);
            c.bind(fd, addr, addr.length);
            c.setsockopt(fd, 1, 20, new long[] {timeoutSeconds, 0}, 16); // SOL_SOCKET, SO_RCVTIMEO
        }

        /** The next datagram; null after the timeout. A signal that interrupts the wait is waited out. */
        String next() {
            byte[] buf = new byte[4096];
            for (int tries = 0; tries < 100; tries++) {
                try {
                    long n = c.recv(fd, buf, buf.length, 0);
                    return new String(buf, 0, (int) n, StandardCharsets.UTF_8);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != 4) { // EINTR
                        return null;
                    }
                }
            }
            return null;
        }

        @Override
        public void close() {
            c.close(fd);
        }
    }

    private static String log(Path dir) {
        try {
            return java.nio.file.Files.readString(dir.resolve("daemon.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void sendsToAPathSocketAndToAnAbstractOne(@TempDir Path dir) {
        assumeTrue(Platform.isLinux(), "systemd is Linux only");
        String path = dir.resolve("notify").toString();
        try (Listener l = new Listener(path, 5)) {
            assertTrue(SystemdNotify.send(path, "READY=1"));
            assertEquals("READY=1", l.next());
        }
        String abstractName = "@madoguchi-test-" + ProcessHandle.current().pid();
        try (Listener l = new Listener(abstractName, 5)) {
            assertTrue(SystemdNotify.send(abstractName, "STATUS=x"));
            assertEquals("STATUS=x", l.next());
        }
    }

    @Test
    void nothingListeningIsAWarningNotAnError(@TempDir Path dir) {
        assumeTrue(Platform.isLinux(), "systemd is Linux only");
        assertFalse(SystemdNotify.send(dir.resolve("nobody").toString(), "READY=1"));
        assertFalse(SystemdNotify.send("relative/path", "READY=1"));
    }

    @Test
    void theDaemonSaysReadyOnceListening(@TempDir Path dir) throws Exception {
        assumeTrue(Platform.isLinux(), "systemd is Linux only");
        String path = dir.resolve("notify").toString();
        Path ready = dir.resolve("ready");
        try (Listener l = new Listener(path, 60)) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.madoguchi.daemon.DaemonMain", "--simulate",
                    "--port", "0", "--ready-file", ready.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile());
            pb.environment().put("NOTIFY_SOCKET", path);
            pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
            Process p = pb.start();
            try {
                String message = l.next();
                assertTrue(message != null && message.startsWith("READY=1\nSTATUS=listening on http://127.0.0.1:"),
                        String.valueOf(message));
                assertTrue(java.nio.file.Files.exists(ready), "READY=1 comes after the daemon listens");
                p.destroy();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals("STOPPING=1", l.next(), () -> log(dir));
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
