package org.madoguchi.daemon;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * systemd's readiness protocol ({@code Type=notify}): one datagram such as {@code READY=1} to the
 * AF_UNIX socket named by {@code $NOTIFY_SOCKET}. Java's own channels have no AF_UNIX datagrams, so
 * this calls the C library through JNA (socket, sendto, close), the same three calls libsystemd's
 * {@code sd_notify} makes. Without {@code $NOTIFY_SOCKET} (not started by systemd) it does nothing.
 */
public final class SystemdNotify {
    private static final Logger log = LoggerFactory.getLogger(SystemdNotify.class);
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** {@code sizeof(((struct sockaddr_un *) 0)->sun_path)} on Linux. */
    private static final int SUN_PATH = 108;

    /** The C library calls; public only because JNA needs it. */
    public interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrLen) throws LastErrorException;

        int close(int fd);
    }

    private SystemdNotify() {
    }

    /** Sends {@code state} (e.g. {@code READY=1}) when started by systemd; false when not, or when it failed. */
    public static boolean notify(String state) {
        String socket = System.getenv("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return false;
        }
        return send(socket, state);
    }

    /** Sends one datagram to the socket; {@code @name} is an abstract socket. Never throws. */
    static boolean send(String socket, String state) {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            byte[] address = address(socket);
            LibC libc = Native.load("c", LibC.class);
            int fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            try {
                byte[] message = state.getBytes(StandardCharsets.UTF_8);
                libc.sendto(fd, message, message.length, MSG_NOSIGNAL, address, address.length);
            } finally {
                libc.close(fd);
            }
            log.debug("systemd notified: {}", state.replace('\n', ' '));
            return true;
        } catch (LastErrorException | IllegalArgumentException | UnsatisfiedLinkError e) {
            log.warn("systemd に通知できません / Cannot notify systemd ({}): {}", socket, e.getMessage());
            return false;
        }
    }

    /** {@code struct sockaddr_un}, cut to the length the kernel is told. */
    static byte[] address(String socket) {
        boolean abstractName = socket.startsWith("@");
        byte[] path = (abstractName ? socket.substring(1) : socket).getBytes(StandardCharsets.UTF_8);
        if (!abstractName && !socket.startsWith("/")) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is neither a path nor an abstract name");
        }
        int used = abstractName ? 1 + path.length : path.length + 1;
        if (used > SUN_PATH) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is too long");
        }
        ByteBuffer b = ByteBuffer.allocate(2 + used).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_UNIX);
        if (abstractName) {
            b.put((byte) 0);
        }
        b.put(path);
        return b.array(); // a path's terminating NUL is the buffer's last, zeroed byte
    }
}
