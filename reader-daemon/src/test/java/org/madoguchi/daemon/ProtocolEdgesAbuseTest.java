package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.MetricsAndHealthTest.metric;
import static org.madoguchi.daemon.WsTestClient.type;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.madoguchi.daemon.config.DaemonConfig;

/** Smaller protocol faults found by the adversarial run, each answered for what it is. */
class ProtocolEdgesAbuseTest {

    private static DaemonFixture daemon() throws Exception {
        return new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"999", "1005", "1015", "2999", "badutf8"})
    void aBrokenCloseFrameIsAnsweredWithOneClose(String kind) throws Exception {
        try (DaemonFixture f = daemon(); RawWebSocket ws = RawWebSocket.open(f.daemon.port(), new Random(1))) {
            ws.sendText("{\"type\":\"hello\",\"client\":\"closer\"}");
            ws.awaitJson(type("welcome"));
            byte[] payload = kind.equals("badutf8") ? new byte[] {0x03, (byte) 0xe8, (byte) 0xc3, 0x28}
                    : new byte[] {(byte) (Integer.parseInt(kind) >> 8), (byte) Integer.parseInt(kind)};
            ws.send(true, RawWebSocket.CLOSE, payload);
            RawWebSocket.Frame answer = ws.read(Duration.ofSeconds(5));
            assertNotNull(answer, "a Close frame, not a bare TCP close");
            assertEquals(RawWebSocket.CLOSE, answer.opcode(), answer.toString());
            assertEquals(kind.equals("badutf8") ? 1007 : 1002, answer.closeStatus()); // RFC 6455 §7.4.1
            assertEquals(0, ws.readToEof(Duration.ofSeconds(5)).length, "one Close, then nothing");
        }
    }

    @Test
    void anIdThatIsNotWellFormedUnicodeIsNeverEchoedAsAQuestionMark() throws Exception {
        try (DaemonFixture f = daemon(); RawWebSocket ws = RawWebSocket.open(f.daemon.port(), new Random(2))) {
            ws.sendText("{\"type\":\"hello\",\"client\":\"ids\"}");
            ws.awaitJson(type("welcome"));
            ws.sendText("{\"type\":\"ping\",\"id\":\"\\ud800\"}");
            JsonNode error = ws.awaitJson(type("error"));
            assertEquals("bad_request", error.path("code").asText(), error::toString);
            assertFalse(error.has("id"), "no id is better than a wrong one: " + error);
        }
    }

    @Test
    void idLengthsCountCodePointsAsTheSchemaDoes() throws Exception {
        try (DaemonFixture f = daemon(); RawWebSocket ws = RawWebSocket.open(f.daemon.port(), new Random(3))) {
            ws.sendText("{\"type\":\"hello\",\"client\":\"ids\"}");
            ws.awaitJson(type("welcome"));
            String emoji = "😀".repeat(33); // 33 characters, 66 UTF-16 units
            ws.sendText("{\"type\":\"ping\",\"id\":\"" + emoji + "\"}");
            JsonNode reply = ws.awaitJson(m -> !m.path("type").asText().equals("session"));
            assertEquals("reply", reply.path("type").asText(), reply::toString);
            assertEquals(emoji, reply.path("id").asText());
            String tooLong = "😀".repeat(65);
            ws.sendText("{\"type\":\"ping\",\"id\":\"" + tooLong + "\"}");
            JsonNode error = ws.awaitJson(type("error"));
            assertEquals("bad_request", error.path("code").asText());
        }
    }

    @Test
    void requestsThatCannotBeReadAreAnsweredForWhatTheyAreNotAsDnsRebinding() throws Exception {
        try (LogLines logs = LogLines.capture(); DaemonFixture f = daemon()) {
            int port = f.daemon.port();
            String host = "Host: 127.0.0.1:" + port + "\r\n";
            assertEquals(431, status(port, "GET /health HTTP/1.1\r\n" + host + "X-Big: " + "a".repeat(20 * 1024)
                    + "\r\n\r\n"));
            assertEquals(414, status(port, "GET /" + "a".repeat(10 * 1024) + " HTTP/1.1\r\n" + host + "\r\n"));
            assertEquals(400, status(port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
            for (int i = 0; i < 20; i++) { // requests cut off by the client's hang-up
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                    s.getOutputStream().write("GET /health HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
                }
            }
            Thread.sleep(300);
            assertEquals(0.0, metric(f.get("/metrics"), "madoguchi_connections_refused_total{reason=\"host\""));
            assertTrue(logs.containing("DNS rebinding").isEmpty(), logs.lines()::toString);
        }
    }

    /** Sends raw bytes on a new connection; returns the status of the answer. */
    private static int status(int port, String request) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                head.write(c);
            }
            String line = head.toString(StandardCharsets.US_ASCII);
            assertTrue(line.startsWith("HTTP/1.1 "), "an HTTP answer: " + line);
            return Integer.parseInt(line.substring(9, 12));
        }
    }
}
