package org.madoguchi.simulator.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.simulator.card.MyNumberCardSim;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.reader.SimulatedReaderBackend;

/** Every reference exchange of docs/card.md §13 (A–F), replayed against the card. */
class TranscriptTest {
    static final List<String> ALL = List.of("A-detect-and-identify.apdu", "B-pin-signature.apdu", "C-lockout.apdu",
            "D-face-photo.apdu", "E-sign-cert-without-password.apdu", "F-face-only-card.apdu");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"A-detect-and-identify.apdu", "B-pin-signature.apdu", "C-lockout.apdu",
        "D-face-photo.apdu", "E-sign-cert-without-password.apdu", "F-face-only-card.apdu"})
    void replaysOnTheCard(String file) throws Exception {
        Transcript t = Transcript.load(file);
        assertTrue(t.exchanges().size() >= 3, "a real transcript");
        MyNumberCardSim card = Profiles.create(t.profile());
        card.powerOn();
        assertEquals("", t.replay(card::process));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"B-pin-signature.apdu", "D-face-photo.apdu"})
    void replaysThroughTheInProcessReader(String file) throws Exception {
        Transcript t = Transcript.load(file);
        try (SimulatedReaderBackend backend = new SimulatedReaderBackend(1)) {
            backend.insert("Simulated Reader 0", Profiles.create(t.profile()));
            try (CardConnection c = backend.connect("Simulated Reader 0", ShareMode.EXCLUSIVE)) {
                assertEquals("", t.replay(c));
            }
        }
    }

    @Test
    void aTranscriptCanFail() throws Exception {
        Transcript lockout = Transcript.load("C-lockout.apdu");
        MyNumberCardSim card = Profiles.create("pin-last-try"); // one try left: 63 C0 on the first wrong PIN
        card.powerOn();
        String mismatch = lockout.replay(card::process);
        assertTrue(mismatch.startsWith("C-lockout.apdu:"), mismatch);
        assertTrue(mismatch.contains("63 C0"), mismatch);
    }

    @Test
    void patterns() {
        Transcript t = Transcript.parse("t", "> 00 B0 00 00 00\n< 30 82 *2 * 90 00 | 6B 00\n");
        var alternatives = t.exchanges().get(0).alternatives();
        assertTrue(Transcript.matches(alternatives, Hex.parse("30 82 01 02 90 00")));
        assertTrue(Transcript.matches(alternatives, Hex.parse("30 82 01 02 AA BB CC 90 00")));
        assertTrue(Transcript.matches(alternatives, Hex.parse("6B 00")));
        assertFalse(Transcript.matches(alternatives, Hex.parse("30 82 01 90 00")));
        assertFalse(Transcript.matches(alternatives, Hex.parse("30 82 01 02 90 01")));
        assertThrows(IllegalArgumentException.class, () -> Transcript.parse("t", "< 90 00\n"));
        assertThrows(IllegalArgumentException.class, () -> Transcript.parse("t", "> 00 A4\n> 00 A4\n"));
        assertThrows(IllegalArgumentException.class, () -> Transcript.parse("t", "> 00 A4\n< 9Z\n"));
    }
}
