package org.madoguchi.simulator.vpcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.apdu.ResponseApdu;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.Commands;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.PinStatus;
import org.madoguchi.driver.card.TokenKind;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.Disposition;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.driver.pcsc.jdk.JdkReaderBackend;
import org.madoguchi.driver.pcsc.jna.JnaReaderBackend;
import org.madoguchi.simulator.card.Atrs;
import org.madoguchi.simulator.card.Profiles;

/**
 * The simulated card through the real PC/SC stack: pcscd with vsmartcard's vpcd, read with the
 * driver's two back-ends (jna, jdk). Needs a running pcscd (docs/simulator.md); skipped without one.
 */
@Timeout(60)
class VpcdIntegrationTest {
    private static final String READER = "Virtual PCD 00 00";
    private static final Path PCSCD_SOCKET = Path.of("/run/pcscd/pcscd.comm");

    static ReaderBackend backend(String id) {
        return switch (id) {
            case "jna" -> new JnaReaderBackend();
            case "jdk" -> new JdkReaderBackend();
            default -> throw new IllegalArgumentException(id);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jna", "jdk"})
    void defaultCardThroughPcscd(String backendId) throws Exception {
        assumeTrue(Files.exists(PCSCD_SOCKET), "pcscd is not running (" + PCSCD_SOCKET + " missing): skipped");
        try (VpcdCard vpcd = VpcdCard.forSlot(0); ReaderBackend backend = backend(backendId)) {
            vpcd.insert(Profiles.create("default"));
            vpcd.start();
            assertTrue(vpcd.awaitConnected(Duration.ofSeconds(5)), "vpcd accepted the card");
            assertTrue(waitFor(backend, true, Duration.ofSeconds(5)).isPresent(), READER + " shows a card");

            try (CardConnection c = backend.connect(READER, ShareMode.SHARED)) {
                assertEquals(Hex.of(Atrs.MY_NUMBER_CARD), Hex.of(c.atr()));
                ResponseApdu select = ResponseApdu.parse(c.transceive(Commands.selectDf(CardLayout.RSA_2016.jpkiAid())));
                assertEquals(ResponseApdu.SW_OK, select.sw(), "SELECT JPKI AP: " + select.swHex());
                assertEquals(TokenKind.MY_NUMBER_CARD, new MyNumberCard(c, CardLayout.RSA_2016).identify().kind());
                c.disconnect(Disposition.LEAVE);
            }

            vpcd.remove();
            assertTrue(waitFor(backend, false, Duration.ofSeconds(5)).isPresent(), READER + " shows no card");
        }
    }

    /** Two cards in the two vpcd slots at once, each answering for itself (slot 1 besides this class's slot 0). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jna", "jdk"})
    void twoCardsInTwoSlotsAtOnce(String backendId) throws Exception {
        assumeTrue(Files.exists(PCSCD_SOCKET), "pcscd is not running (" + PCSCD_SOCKET + " missing): skipped");
        String second = "Virtual PCD 00 01";
        try (VpcdCard slot0 = VpcdCard.forSlot(0); VpcdCard slot1 = VpcdCard.forSlot(1);
                ReaderBackend backend = backend(backendId)) {
            // Cards of earlier tests may still show until pcscd's next presence poll (~400 ms).
            assertTrue(PcscdSupport.waitFor(backend, READER, false, Duration.ofSeconds(5)).isPresent());
            assertTrue(PcscdSupport.waitFor(backend, second, false, Duration.ofSeconds(5)).isPresent());
            slot0.insert(Profiles.create("default"));
            slot1.insert(Profiles.create("pin-last-try"));
            slot0.start();
            slot1.start();
            assertTrue(PcscdSupport.waitFor(backend, READER, true, Duration.ofSeconds(5)).isPresent());
            assertTrue(PcscdSupport.waitFor(backend, second, true, Duration.ofSeconds(5)).isPresent());
            try (CardConnection a = backend.connect(READER, ShareMode.EXCLUSIVE);
                    CardConnection b = backend.connect(second, ShareMode.EXCLUSIVE)) {
                MyNumberCard cardA = new MyNumberCard(a, CardLayout.RSA_2016);
                MyNumberCard cardB = new MyNumberCard(b, CardLayout.RSA_2016);
                assertEquals(TokenKind.MY_NUMBER_CARD, cardA.identify().kind());
                assertEquals(TokenKind.MY_NUMBER_CARD, cardB.identify().kind());
                assertEquals(new PinStatus.Remaining(3), cardA.pinStatus());
                assertEquals(new PinStatus.Remaining(1), cardB.pinStatus());
                byte[] certA = cardA.readAuthCertificate();
                byte[] certB = cardB.readAuthCertificate();
                assertFalse(java.util.Arrays.equals(certA, certB), "two cards, two certificates");
            }
            slot1.remove();
            assertTrue(PcscdSupport.waitFor(backend, second, false, Duration.ofSeconds(5)).isPresent());
            assertTrue(backend.readers().stream().anyMatch(r -> r.name().equals(READER) && r.cardPresent()),
                    "the other card stays");
            slot0.remove();
            assertTrue(PcscdSupport.waitFor(backend, READER, false, Duration.ofSeconds(5)).isPresent());
        }
    }

    /** Waits until the reader exists with the card presence wanted; empty on timeout. */
    private static Optional<ReaderState> waitFor(ReaderBackend backend, boolean present, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ReaderState> known = backend.readers();
        while (true) {
            Optional<ReaderState> match = known.stream()
                    .filter(r -> r.name().equals(READER) && r.cardPresent() == present).findFirst();
            long left = deadline - System.nanoTime();
            if (match.isPresent() || left <= 0) {
                return match;
            }
            known = backend.awaitChange(known, Duration.ofNanos(left));
        }
    }
}
