package org.madoguchi.simulator.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.driver.testing.ApduScript;
import org.madoguchi.simulator.card.MyNumberCardSim;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.reader.SimulatedReaderBackend;

/**
 * Every reference exchange of docs/card.md §13 (A–F), replayed against the card. The files are
 * {@link ApduScript}s, the format the driver's tests use to play the card's side.
 */
class TranscriptTest {
    static final List<String> ALL = List.of("A-detect-and-identify.apdu", "B-pin-signature.apdu", "C-lockout.apdu",
            "D-face-photo.apdu", "E-sign-cert-without-password.apdu", "F-face-only-card.apdu");

    static ApduScript load(String file) {
        return ApduScript.load("/transcripts/" + file);
    }

    static List<String> all() {
        return ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void replaysOnTheCard(String file) throws Exception {
        ApduScript t = load(file);
        assertTrue(t.exchanges().size() >= 3, "a real transcript");
        MyNumberCardSim card = Profiles.create(t.profile());
        card.powerOn();
        assertEquals("", t.replay(card::process));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"B-pin-signature.apdu", "D-face-photo.apdu"})
    void replaysThroughTheInProcessReader(String file) throws Exception {
        ApduScript t = load(file);
        try (SimulatedReaderBackend backend = new SimulatedReaderBackend(1)) {
            backend.insert("Simulated Reader 0", Profiles.create(t.profile()));
            try (CardConnection c = backend.connect("Simulated Reader 0", ShareMode.EXCLUSIVE)) {
                assertEquals("", t.replay(c));
            }
        }
    }

    @Test
    void aTranscriptCanFail() throws Exception {
        ApduScript lockout = load("C-lockout.apdu");
        MyNumberCardSim card = Profiles.create("pin-last-try"); // one try left: 63 C0 on the first wrong PIN
        card.powerOn();
        String mismatch = lockout.replay(card::process);
        assertTrue(mismatch.startsWith("C-lockout.apdu:"), mismatch);
        assertTrue(mismatch.contains("63 C0"), mismatch);
    }

    @Test
    void everyTranscriptIsReplayedAndNamesAProfile() throws Exception {
        Path dir = Path.of(Objects.requireNonNull(TranscriptTest.class.getResource("/transcripts")).toURI());
        List<String> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".apdu")).sorted().toList();
        }
        assertEquals(ALL, files, "every transcript in /transcripts is in the list the tests replay");
        for (String file : files) {
            assertTrue(Profiles.find(load(file).profile()).isPresent(), file + " names a profile");
        }
    }
}
