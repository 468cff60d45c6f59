package org.madoguchi.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.simulator.card.JpkiApplication;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.pki.TestPki;
import org.madoguchi.simulator.state.CardStore;

/** The CLI as a developer runs it: {@code profiles}, {@code vpcd} usage, {@code export-roots}, {@code reset}, {@code play}. */
@Timeout(30)
class CliTest {
    private final PrintStream realOut = System.out;
    private final PrintStream realErr = System.err;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(realOut);
        System.setErr(realErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exportRoots(@TempDir Path dir) throws Exception {
        assertEquals(0, SimulatorMain.run("export-roots", dir.toString()));
        assertTrue(out().contains(dir.resolve(TestPki.AUTH_ROOT_FILE).toString()), out());
        assertEquals(TestPki.get().rootsPem(), Files.readString(dir.resolve(TestPki.AUTH_ROOT_FILE))
                + Files.readString(dir.resolve(TestPki.SIGN_ROOT_FILE)));
    }

    @Test
    void resetOneProfileOrAll(@TempDir Path dir) throws Exception {
        CardStore store = CardStore.inDirectory(dir);
        for (String p : new String[] {"default", "pin-last-try"}) {
            store.state(Profiles.get(p)).verify(JpkiApplication.AUTH_PIN, new byte[] {'0', '0', '0', '0'});
        }
        assertEquals(0, SimulatorMain.run("reset", "--profile", "default", "--state-dir", dir.toString()));
        assertFalse(store.saved("default"));
        assertTrue(store.saved("pin-last-try"));
        assertEquals(3, CardStore.inDirectory(dir).state(Profiles.get("default")).triesLeft(JpkiApplication.AUTH_PIN));
        assertEquals(0, CardStore.inDirectory(dir).state(Profiles.get("pin-last-try"))
                .triesLeft(JpkiApplication.AUTH_PIN), "still blocked until reset");
        assertEquals(0, SimulatorMain.run("reset", "--all", "--state-dir", dir.toString()));
        assertFalse(store.saved("pin-last-try"));
        assertEquals(2, SimulatorMain.run("reset", "--profile", "gold", "--state-dir", dir.toString()));
        assertEquals(2, SimulatorMain.run("reset", "--state-dir", dir.toString()), "--profile or --all is required");
        assertEquals(2, SimulatorMain.run("reset", "--all", "--profile", "default"));
    }

    @Test
    void playInsertsAndRemovesOnVpcd(@TempDir Path dir) throws Exception {
        Path timeline = dir.resolve("demo.timeline");
        Files.writeString(timeline, "insert default 1  # slot 1 = base port + 1\nwait 300\nremove 1\n");
        try (ServerSocket vpcdSlot1 = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            vpcdSlot1.setSoTimeout(10_000);
            int base = vpcdSlot1.getLocalPort() - 1;
            CompletableFuture<Integer> play = CompletableFuture.supplyAsync(() -> SimulatorMain.run("play",
                    "--port", Integer.toString(base), "--no-state", timeline.toString()));
            try (Socket s = vpcdSlot1.accept()) {
                DataOutputStream o = new DataOutputStream(s.getOutputStream());
                DataInputStream i = new DataInputStream(s.getInputStream());
                o.write(new byte[] {0, 1, 0x04}); // GET ATR
                byte[] atr = new byte[i.readUnsignedShort()];
                i.readFully(atr);
                assertEquals("3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F", Hex.spaced(atr));
                long t0 = System.nanoTime();
                try {
                    i.readUnsignedShort();
                    throw new AssertionError("the card should have been removed");
                } catch (EOFException expected) {
                    assertTrue(System.nanoTime() - t0 > 150_000_000L, "removed after the wait");
                }
            }
            assertEquals(0, play.get(10, TimeUnit.SECONDS));
        }
        assertTrue(out().contains("done"), out());
    }

    @Test
    void playRefusesABadTimeline(@TempDir Path dir) throws Exception {
        Path timeline = dir.resolve("bad.timeline");
        Files.writeString(timeline, "insert default\nshake 3\n");
        assertEquals(2, SimulatorMain.run("play", timeline.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("line 2: unknown step shake"));
        assertEquals(2, SimulatorMain.run("play", dir.resolve("missing").toString()));
    }

    @Test
    void vpcdRefusesAnUnknownFault() {
        assertEquals(2, SimulatorMain.run("vpcd", "--profile", "default", "--fault", "gremlins", "--no-state"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown fault: gremlins"));
        assertEquals(2, SimulatorMain.run("vpcd", "--profile", "default", "--delay", "-5"));
    }

    @Test
    void profilesPrintsOneLineEach() {
        assertEquals(0, SimulatorMain.run("profiles"));
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(11, lines.length);
        assertTrue(lines[0].startsWith("default "), lines[0]);
        assertTrue(lines[0].contains("既定のカード"), lines[0]);
    }

    @Test
    void vpcdRejectsAnUnknownProfile() {
        assertEquals(2, SimulatorMain.run("vpcd", "--profile", "gold-card"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown profile: gold-card"));
    }

    @Test
    void vpcdRefusesAPhotoItCannotUse(@TempDir Path dir) throws Exception {
        assertEquals(2, SimulatorMain.run("vpcd", "--profile", "default", "--no-state", "--photo",
                dir.resolve("missing.jpg").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read the photo"), err.toString(StandardCharsets.UTF_8));
        Path text = dir.resolve("not-a-photo.jpg");
        Files.writeString(text, "hello");
        assertEquals(2, SimulatorMain.run("vpcd", "--profile", "default", "--no-state", "--photo", text.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("JPEG or PNG"), err.toString(StandardCharsets.UTF_8));
        Path png = dir.resolve("face.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(100, 120, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", png.toFile());
        assertEquals(2, SimulatorMain.run("vpcd", "--profile", "iphone", "--no-state", "--photo", png.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no card face"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void vpcdNeedsAProfile() {
        assertEquals(2, SimulatorMain.run("vpcd"));
    }
}
