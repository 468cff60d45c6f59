package org.madoguchi.simulator.vpcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.simulator.card.FaultSettings;
import org.madoguchi.simulator.card.JpkiApplication;
import org.madoguchi.simulator.card.MyNumberCardSim;
import org.madoguchi.simulator.card.Profiles;

/**
 * The vpcd side played by the test over real loopback sockets: framing, control messages, retry
 * until the port listens, removal, replacement and reconnection.
 */
@Timeout(30)
class VpcdCardTest {
    private ServerSocket server;
    private VpcdCard vpcd;

    @AfterEach
    void tearDown() throws IOException {
        if (vpcd != null) {
            vpcd.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    private void listen(int port) throws IOException {
        server = new ServerSocket(port, 5, InetAddress.getLoopbackAddress());
        server.setSoTimeout(5000);
    }

    private VpcdCard card(int port) {
        vpcd = new VpcdCard("127.0.0.1", port);
        return vpcd;
    }

    /** The test's end of one card connection: what pcscd's vpcd does. */
    private static final class Reader implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;

        Reader(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(5000);
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
        }

        void send(byte[] payload) throws IOException {
            out.writeShort(payload.length);
            out.write(payload);
            out.flush();
        }

        byte[] receive() throws IOException {
            byte[] b = new byte[in.readUnsignedShort()];
            in.readFully(b);
            return b;
        }

        String exchange(String hex) throws IOException {
            send(Hex.parse(hex));
            return Hex.spaced(receive());
        }

        void control(int code) throws IOException {
            send(new byte[] {(byte) code});
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void speaksTheVpcdProtocol() throws Exception {
        listen(0);
        MyNumberCardSim card = Profiles.create("default");
        card(server.getLocalPort()).insert(card);
        vpcd.start();
        try (Reader r = new Reader(server.accept())) {
            assertTrue(vpcd.awaitConnected(Duration.ofSeconds(5)));
            r.control(VpcdSession.GET_ATR);
            assertEquals("3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F", Hex.spaced(r.receive()));
            r.control(VpcdSession.POWER_ON); // no reply
            assertEquals("90 00", r.exchange("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
            assertEquals("90 00", r.exchange("00 A4 02 0C 02 00 18"));
            assertEquals("90 00", r.exchange("00 20 00 80 04 31 32 33 34"));
            r.control(VpcdSession.RESET); // warm reset keeps the verified state but leaves the DF
            assertEquals("6A 82", r.exchange("00 A4 02 0C 02 00 17"));
            assertEquals("90 00", r.exchange("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
            assertTrue(card.verified(0x0018));
            r.control(VpcdSession.POWER_OFF); // no reply: the GET ATR answer below orders it
            r.control(VpcdSession.GET_ATR); // pcscd polls presence with GET ATR at any time
            assertEquals(13, r.receive().length);
            assertFalse(card.powered());
            r.control(VpcdSession.POWER_ON);
            assertEquals("90 00", r.exchange("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
            assertFalse(card.verified(0x0018));
            // An extended APDU and a long response pass through.
            r.send(Hex.parse("00 A4 02 0C 02 00 0A"));
            r.receive();
            byte[] whole = Hex.parse(r.exchange("00 B0 00 00 00 08 00").replace(" ", ""));
            assertEquals(2048 + 2, whole.length);
        }
    }

    @Test
    void retriesUntilThePortListensAndRemovalClosesTheConnection() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        card(port).insert(Profiles.create("default"));
        vpcd.start();
        Thread.sleep(500); // several refused attempts
        assertFalse(vpcd.connected());
        listen(port);
        try (Reader r = new Reader(server.accept())) {
            assertTrue(vpcd.awaitConnected(Duration.ofSeconds(5)));
            r.control(VpcdSession.GET_ATR);
            assertEquals(13, r.receive().length);
            vpcd.remove();
            assertFalse(vpcd.connected());
            assertThrows(EOFException.class, r::receive, "removal closes the socket");
        }
        server.setSoTimeout(700);
        assertThrows(SocketTimeoutException.class, server::accept, "no reconnection after removal");
    }

    @Test
    void reconnectsWhenVpcdDropsTheConnection() throws Exception {
        listen(0);
        card(server.getLocalPort()).insert(Profiles.create("pin-last-try"));
        vpcd.start();
        try (Reader first = new Reader(server.accept())) {
            first.control(VpcdSession.POWER_ON);
            assertEquals("90 00", first.exchange("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
        } // pcscd went away
        try (Reader second = new Reader(server.accept())) {
            second.control(VpcdSession.POWER_ON);
            assertEquals("90 00", second.exchange("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
            assertEquals("90 00", second.exchange("00 A4 02 0C 02 00 18"));
            assertEquals("63 C1", second.exchange("00 20 00 80"), "the same card, its counter kept");
        }
    }

    @Test
    void insertingAnotherCardReplacesTheConnection() throws Exception {
        listen(0);
        card(server.getLocalPort()).insert(Profiles.create("default"));
        vpcd.start();
        try (Reader first = new Reader(server.accept())) {
            first.control(VpcdSession.GET_ATR);
            assertEquals("3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F", Hex.spaced(first.receive()));
            vpcd.insert(Profiles.create("iphone"));
            assertThrows(EOFException.class, first::receive);
            try (Reader second = new Reader(server.accept())) {
                second.control(VpcdSession.GET_ATR);
                assertEquals("3B 80 80 01 01", Hex.spaced(second.receive()));
            }
        }
    }

    @Test
    void stopEndsEverything() throws Exception {
        listen(0);
        card(server.getLocalPort()).insert(Profiles.create("default"));
        vpcd.start();
        Socket s = server.accept();
        assertNotNull(s);
        try (Reader r = new Reader(s)) {
            vpcd.stop();
            assertThrows(EOFException.class, r::receive);
        }
        server.setSoTimeout(700);
        assertThrows(SocketTimeoutException.class, server::accept);
    }

    @Test
    void aLinkDropDuringVerifyClosesTheSocketAndTheCardStaysOut() throws Exception {
        listen(0);
        MyNumberCardSim card = Profiles.create("default");
        card.faults().update(f -> f.withVerifyDrop(FaultSettings.VerifyDrop.AFTER_COUNT));
        card(server.getLocalPort()).insert(card);
        vpcd.start();
        try (Reader r = new Reader(server.accept())) {
            r.control(VpcdSession.POWER_ON);
            assertEquals("90 00", r.exchange("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
            assertEquals("90 00", r.exchange("00 A4 02 0C 02 00 18"));
            r.send(Hex.parse("00 20 00 80 04 39 39 39 39"));
            assertThrows(EOFException.class, r::receive, "no answer: the socket closes");
        }
        assertEquals(2, card.state().triesLeft(JpkiApplication.AUTH_PIN), "counted before the drop");
        // The client's own thread notices the drop a moment after the socket closes.
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (vpcd.inserted() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(vpcd.inserted());
        server.setSoTimeout(700);
        assertThrows(SocketTimeoutException.class, server::accept, "the card stays out by default");
    }

    @Test
    void aDroppedCardCanComeBack() throws Exception {
        listen(0);
        MyNumberCardSim card = Profiles.create("default");
        card.faults().update(f -> f.withVerifyDrop(FaultSettings.VerifyDrop.BEFORE_COUNT));
        card(server.getLocalPort()).reinsertAfterDrop(Duration.ofMillis(300));
        vpcd.insert(card);
        vpcd.start();
        try (Reader r = new Reader(server.accept())) {
            r.control(VpcdSession.POWER_ON);
            r.exchange("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01");
            r.exchange("00 A4 02 0C 02 00 18");
            r.send(Hex.parse("00 20 00 80 04 39 39 39 39"));
            assertThrows(EOFException.class, r::receive);
        }
        long t0 = System.nanoTime();
        try (Reader again = new Reader(server.accept())) {
            assertTrue(System.nanoTime() - t0 >= 250_000_000L, "after the delay");
            again.control(VpcdSession.POWER_ON);
            again.exchange("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01");
            again.exchange("00 A4 02 0C 02 00 18");
            assertEquals("63 C3", again.exchange("00 20 00 80"), "dropped before counting");
            assertEquals("63 C2", again.exchange("00 20 00 80 04 39 39 39 39"), "the drop was one-shot");
        }
    }

    @Test
    void responseFaultsPassThroughVpcd() throws Exception {
        listen(0);
        MyNumberCardSim card = Profiles.create("default");
        card.faults().update(f -> f.withGetResponse(true).withFailAfterPowerUp(true));
        card(server.getLocalPort()).insert(card);
        vpcd.start();
        try (Reader r = new Reader(server.accept())) {
            r.control(VpcdSession.POWER_ON);
            assertEquals("6F 00", r.exchange("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
            assertEquals("90 00", r.exchange("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
            assertEquals("90 00", r.exchange("00 A4 02 0C 02 00 08"));
            assertEquals("61 03", r.exchange("00 B0 00 00 00"));
            assertEquals("8F 8F 00 90 00", r.exchange("00 C0 00 00 03"));
        }
    }

    @Test
    void frameIsLengthThenPayload() {
        assertEquals("00 03 01 02 03", Hex.spaced(VpcdSession.frame(new byte[] {1, 2, 3})));
        assertEquals("01 00", Hex.spaced(java.util.Arrays.copyOf(VpcdSession.frame(new byte[256]), 2)));
    }
}
