package org.madoguchi.simulator.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.apdu.ResponseApdu;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.PinStatus;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.Disposition;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.simulator.card.JpkiApplication;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.reader.InProcessSimulation;
import org.madoguchi.simulator.reader.SimulatedReaderBackend;

/** Counters survive power cycles, re-insertion and simulator restarts; reset restores the card. */
class PersistenceTest {
    private static final String R0 = "Simulated Reader 0";

    private static InProcessSimulation simulation(CardStore store) {
        return new InProcessSimulation(new SimulatedReaderBackend(1), store);
    }

    /** One wrong PIN on the card in R0; returns the SW. */
    private static String wrongPin(InProcessSimulation sim) throws Exception {
        try (CardConnection c = sim.backend().connect(R0, ShareMode.SHARED)) {
            c.transceive(Hex.parse("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
            c.transceive(Hex.parse("00 A4 02 0C 02 00 18"));
            return ResponseApdu.parse(c.transceive(Hex.parse("00 20 00 80 04 39 39 39 39"))).swHex();
        }
    }

    private static PinStatus status(InProcessSimulation sim) throws Exception {
        try (CardConnection c = sim.backend().connect(R0, ShareMode.SHARED)) {
            return new MyNumberCard(c, CardLayout.RSA_2016).pinStatus();
        }
    }

    @Test
    void powerCyclesKeepTheCounter() throws Exception {
        try (InProcessSimulation sim = simulation(CardStore.inMemory())) {
            sim.insert(R0, "default");
            assertEquals("63C2", wrongPin(sim));
            try (CardConnection c = sim.backend().connect(R0, ShareMode.SHARED)) {
                c.disconnect(Disposition.UNPOWER);
            }
            assertEquals(new PinStatus.Remaining(2), status(sim));
        }
    }

    @Test
    void reinsertionInMemoryIsTheSameCard() throws Exception {
        try (InProcessSimulation sim = simulation(CardStore.inMemory())) {
            sim.insert(R0, "default");
            assertEquals("63C2", wrongPin(sim));
            sim.remove(R0);
            sim.insert(R0, "default");
            assertEquals("63C1", wrongPin(sim));
            sim.insert(R0, "pin-last-try"); // another card meanwhile
            assertEquals(new PinStatus.Remaining(1), status(sim));
            sim.insert(R0, "default");
            assertEquals("63C0", wrongPin(sim));
            sim.insert(R0, "default");
            assertEquals(new PinStatus.Blocked(), status(sim), "the daemon's 3-try flow across insertions");
        }
        try (InProcessSimulation fresh = simulation(CardStore.inMemory())) {
            fresh.insert(R0, "default");
            assertEquals(new PinStatus.Remaining(3), status(fresh), "memory dies with the simulation");
        }
    }

    @Test
    void aRestartOnTheSameDirectorySeesTheSameCounters(@TempDir Path dir) throws Exception {
        try (InProcessSimulation sim = simulation(CardStore.inDirectory(dir))) {
            sim.insert(R0, "default");
            wrongPin(sim);
            wrongPin(sim);
            assertEquals("63C0", wrongPin(sim));
        }
        Path file = dir.resolve("cards/default.properties");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.contains("jpki/0018.left=0"), text);
        assertFalse(text.contains(".secret="), "unchanged secrets are not written: " + text);
        assertFalse(text.contains("31323334") || text.contains("1234\n"), text);
        try (InProcessSimulation restarted = simulation(CardStore.inDirectory(dir))) {
            restarted.insert(R0, "default");
            assertEquals(new PinStatus.Blocked(), status(restarted), "locked yesterday, locked today");
            restarted.insert(R0, "renewal-due");
            assertEquals(new PinStatus.Remaining(3), status(restarted), "other profiles are other cards");
            restarted.resetCard("default");
            assertFalse(Files.exists(file));
            restarted.insert(R0, "default");
            assertEquals(new PinStatus.Remaining(3), status(restarted));
        }
    }

    @Test
    void aChangedPinIsKept(@TempDir Path dir) throws Exception {
        try (InProcessSimulation sim = simulation(CardStore.inDirectory(dir))) {
            sim.insert(R0, "default");
            try (CardConnection c = sim.backend().connect(R0, ShareMode.SHARED)) {
                c.transceive(Hex.parse("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
                c.transceive(Hex.parse("00 A4 02 0C 02 00 18"));
                assertEquals("9000", ResponseApdu.parse(c.transceive(Hex.parse("00 20 00 80 04 31 32 33 34"))).swHex());
                assertEquals("9000", ResponseApdu.parse(c.transceive(Hex.parse("00 24 01 80 04 35 36 37 38"))).swHex());
            }
        }
        assertTrue(Files.readString(dir.resolve("cards/default.properties")).contains("jpki/0018.secret=35363738"));
        try (InProcessSimulation sim = simulation(CardStore.inDirectory(dir))) {
            sim.insert(R0, "default");
            try (CardConnection c = sim.backend().connect(R0, ShareMode.SHARED)) {
                c.transceive(Hex.parse("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
                c.transceive(Hex.parse("00 A4 02 0C 02 00 18"));
                assertEquals("63C2", ResponseApdu.parse(c.transceive(Hex.parse("00 20 00 80 04 31 32 33 34"))).swHex());
                assertEquals("9000", ResponseApdu.parse(c.transceive(Hex.parse("00 20 00 80 04 35 36 37 38"))).swHex());
            }
        }
    }

    @Test
    void aDamagedFileFallsBackToTheCardAsIssued(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("cards"));
        Files.writeString(dir.resolve("cards/default.properties"), "jpki/0018.left=banana\nface/0012.left=99\n"
                + "jpki/0018.secret=zz\nno/such.left=1\n");
        CardStore store = CardStore.inDirectory(dir);
        var state = store.state(Profiles.get("default"));
        assertEquals(3, state.triesLeft(JpkiApplication.AUTH_PIN));
        assertEquals(10, state.triesLeft("face/0012"), "capped at the maximum");
        assertSame(state, store.state(Profiles.get("default")), "one card per profile");
    }

    @Test
    void resetAllDeletesEverySavedCard(@TempDir Path dir) throws Exception {
        CardStore store = CardStore.inDirectory(dir);
        for (String p : new String[] {"default", "android"}) {
            store.state(Profiles.get(p)).verify(JpkiApplication.AUTH_PIN, new byte[] {'0', '0', '0', '0'});
            assertTrue(store.saved(p));
        }
        store.resetAll();
        assertFalse(store.saved("default") || store.saved("android"));
        assertEquals(3, store.state(Profiles.get("android")).triesLeft(JpkiApplication.AUTH_PIN));
    }

    @Test
    void defaultDirectoryFollowsXdg() {
        assertEquals(Path.of("/x/state/madoguchi-simulator"),
                StateDirs.defaultDir(Map.of("XDG_STATE_HOME", "/x/state"), "/home/u"));
        assertEquals(Path.of("/home/u/.local/state/madoguchi-simulator"), StateDirs.defaultDir(Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u/.local/state/madoguchi-simulator"),
                StateDirs.defaultDir(Map.of("XDG_STATE_HOME", "relative"), "/home/u"));
    }
}
