package org.madoguchi.daemon;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A deliberately minimal WebSocket client over a plain {@link Socket} (RFC 6455), for tests that
 * need what a well-behaved client never sends: any {@code Host} and {@code Origin} (or none), any
 * opcode, unfinished fragments, invalid UTF-8, unmasked frames. It does nothing on its own: no pong,
 * no close reply, no UTF-8 check, no reassembly. One thread may write while another reads.
 *
 * <p>One thing it does check: every whole text message the daemon sends that {@link #read} or
 * {@link #awaitJson} returns must match docs/schema/server.json, and every message this client sent
 * whole (text frames, fragmented or not, through {@link #send} or {@link #write}) that the daemon
 * answers {@code reply} or {@code welcome} must match client.json ({@link SchemaCheck}); a violation
 * is thrown as an {@link AssertionError} from the read that found it.
 */
final class RawWebSocket implements AutoCloseable {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    /** OR this into an opcode to set the RSV1 bit (no extension was negotiated: a violation). */
    static final int RSV1 = 0x40;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** An HTTP response: status, status line, headers (names in lower case), body. */
    record HttpResponse(int status, String statusLine, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One frame from the server. */
    record Frame(boolean fin, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status of a close frame; 1005 (none) when it carries none. */
        int closeStatus() {
            return payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : 1005;
        }

        @Override
        public String toString() {
            return "Frame[op=" + opcode + (fin ? "" : ", more") + ", "
                    + (opcode == CLOSE ? "status " + closeStatus() : payload.length + " bytes") + "]";
        }
    }

    private final Socket socket = new Socket();
    private final InputStream in;
    private final OutputStream out;
    private final Random random;
    private final SchemaCheck schema;
    /** A text message this client is sending in fragments (null between messages); for {@link #schema}. */
    private java.io.ByteArrayOutputStream sending;
    private String key;

    private RawWebSocket(int port, Random random) throws IOException {
        this.random = random;
        this.schema = new SchemaCheck("raw WebSocket to port " + port);
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    /** A TCP connection to 127.0.0.1:port, nothing sent yet; keys and masks come from {@code random}. */
    static RawWebSocket connect(int port, Random random) throws IOException {
        return new RawWebSocket(port, random);
    }

    /** Connects and upgrades with the right {@code Host} and no {@code Origin}; fails unless 101. */
    static RawWebSocket open(int port, Random random) throws IOException {
        RawWebSocket ws = connect(port, random);
        HttpResponse r = ws.request("/v1/ws", "127.0.0.1:" + port, null, true);
        if (r.status() != 101 || !ws.acceptMatches(r)) {
            ws.close();
            throw new IOException("upgrade refused: " + r);
        }
        return ws;
    }

    /**
     * Sends one {@code GET} (a WebSocket upgrade when {@code upgrade}) with these {@code Host} and
     * {@code Origin} headers, each left out when null; reads the response head and its
     * {@code Content-Length} body. Frames after a 101 are left for {@link #read}.
     */
    HttpResponse request(String path, String host, String origin, boolean upgrade) throws IOException {
        StringBuilder r = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
        if (host != null) {
            r.append("Host: ").append(host).append("\r\n");
        }
        if (origin != null) {
            r.append("Origin: ").append(origin).append("\r\n");
        }
        if (upgrade) {
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            key = Base64.getEncoder().encodeToString(nonce);
            r.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ")
                    .append(key).append("\r\n");
        }
        out.write(r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        socket.setSoTimeout(10_000);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the response head: " + head);
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String length = headers.get("content-length");
        byte[] body = length == null ? new byte[0] : readFully(Integer.parseInt(length));
        return new HttpResponse(Integer.parseInt(lines[0].split(" ")[1]), lines[0], headers,
                new String(body, StandardCharsets.UTF_8));
    }

    /** Whether {@code Sec-WebSocket-Accept} is base64(SHA-1(key + GUID)) of the key this client sent. */
    boolean acceptMatches(HttpResponse r) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1).equals(r.header("Sec-WebSocket-Accept"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void sendText(String text) throws IOException {
        send(true, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** One masked frame; {@code opcode} goes out as given (0x0–0xF, optionally with {@link #RSV1}). */
    void send(boolean fin, int opcode, byte[] payload) throws IOException {
        send(fin, opcode, payload, true);
    }

    /** One frame, masked (as a client must) or not (a protocol violation). */
    void send(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
        write(frame(fin, opcode, payload, masked));
    }

    /** The bytes of one frame, to send several with one {@link #write}. */
    byte[] frame(boolean fin, int opcode, byte[] payload, boolean masked) {
        int n = payload.length;
        int header = (n < 126 ? 2 : n < 65536 ? 4 : 10) + (masked ? 4 : 0);
        byte[] frame = new byte[header + n];
        frame[0] = (byte) ((fin ? 0x80 : 0) | (opcode & 0x7f));
        frame[1] = (byte) ((masked ? 0x80 : 0) | (n < 126 ? n : n < 65536 ? 126 : 127));
        int lengthBytes = n < 126 ? 0 : n < 65536 ? 2 : 8;
        for (int i = 0; i < lengthBytes; i++) {
            frame[2 + i] = (byte) ((long) n >>> 8 * (lengthBytes - 1 - i));
        }
        byte[] mask = new byte[4];
        if (masked) {
            random.nextBytes(mask);
            System.arraycopy(mask, 0, frame, header - 4, 4);
        }
        for (int i = 0; i < n; i++) {
            frame[header + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }

    /** Raw bytes, in one write. */
    void write(byte[] bytes) throws IOException {
        noteSent(bytes);
        out.write(bytes);
        out.flush();
    }

    /**
     * Finds the text messages in frames this client is about to send, for the schema check: whole
     * text frames and fragmented ones with their continuations. Frames it cannot read (deliberately
     * broken ones) end the search; nothing is ever refused here.
     */
    private synchronized void noteSent(byte[] bytes) {
        int at = 0;
        while (bytes.length - at >= 2) {
            boolean fin = (bytes[at] & 0x80) != 0;
            int opcode = bytes[at] & 0x0f;
            boolean masked = (bytes[at + 1] & 0x80) != 0;
            long n = bytes[at + 1] & 0x7f;
            int header = 2;
            if (n >= 126) {
                int lengthBytes = n == 126 ? 2 : 8;
                if (bytes.length - at < 2 + lengthBytes) {
                    return;
                }
                n = 0;
                for (int i = 0; i < lengthBytes; i++) {
                    n = n << 8 | bytes[at + 2 + i] & 0xff;
                }
                header += lengthBytes;
            }
            int maskAt = at + header;
            header += masked ? 4 : 0;
            if (n < 0 || n > bytes.length - at - header) {
                return;
            }
            byte[] payload = new byte[(int) n];
            for (int i = 0; i < n; i++) {
                payload[i] = (byte) (bytes[at + header + i] ^ (masked ? bytes[maskAt + (i & 3)] : 0));
            }
            at += header + (int) n;
            if (opcode == TEXT) {
                sending = new java.io.ByteArrayOutputStream();
            } else if (opcode != CONTINUATION || sending == null) {
                continue;
            }
            sending.writeBytes(payload);
            if (fin) {
                try {
                    schema.sent(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(
                            sending.toByteArray())).toString());
                } catch (java.nio.charset.CharacterCodingException e) {
                    // invalid UTF-8: the daemon closes the connection, nothing to check
                }
                sending = null;
            }
        }
    }

    /**
     * The next frame from the server; null when the server closed the connection between frames.
     * Throws {@link java.net.SocketTimeoutException} when nothing comes within {@code timeout}.
     */
    Frame read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int b1 = readFully(1)[0] & 0xff;
        long n = b1 & 0x7f;
        if (n >= 126) {
            byte[] l = readFully(n == 126 ? 2 : 8);
            n = 0;
            for (byte x : l) {
                n = n << 8 | x & 0xff;
            }
        }
        if (n > 16 * 1024 * 1024) {
            throw new IOException("server frame of " + n + " bytes");
        }
        byte[] mask = (b1 & 0x80) != 0 ? readFully(4) : new byte[4];
        byte[] payload = readFully((int) n);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        Frame f = new Frame((b0 & 0x80) != 0, b0 & 0x0f, payload);
        if (f.fin() && f.opcode() == TEXT) {
            checkSchema(payload);
        }
        return f;
    }

    /** A whole text message from the daemon must match docs/schema (its UTF-8 and JSON are the callers' to judge). */
    private void checkSchema(byte[] payload) {
        String text;
        JsonNode m;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(payload)).toString();
            m = WsTestClient.JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        schema.received(text, m);
        schema.assertNone();
    }

    /** The first text message that is JSON and matches, within 10 s; other frames are passed over. */
    JsonNode awaitJson(Predicate<JsonNode> wanted) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() - deadline < 0) {
            Frame f = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (f == null || f.opcode() == CLOSE) {
                throw new EOFException("closed while waiting: " + f);
            }
            JsonNode m = f.opcode() == TEXT ? WsTestClient.JSON.readTree(f.text()) : null;
            if (m != null && wanted.test(m)) {
                return m;
            }
        }
        throw new java.net.SocketTimeoutException("no matching message within 10 s");
    }

    /** Every byte the server still sends until it closes the connection (throws on a pause over {@code timeout}). */
    byte[] readToEof(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        return in.readAllBytes();
    }

    private byte[] readFully(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("connection closed after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
