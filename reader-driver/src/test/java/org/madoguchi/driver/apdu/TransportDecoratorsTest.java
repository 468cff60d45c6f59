package org.madoguchi.driver.apdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;

class TransportDecoratorsTest {
    /** A card that answers from a list and records what it was sent. */
    private static final class Card implements ApduTransport {
        final List<String> sent = new ArrayList<>();
        final List<String> answers;

        Card(String... answers) {
            this.answers = new ArrayList<>(List.of(answers));
        }

        @Override
        public byte[] transceive(byte[] command) {
            sent.add(Hex.spaced(command));
            return Hex.parse(answers.remove(0));
        }
    }

    @Test
    void getResponseJoinsChunks() throws Exception {
        Card card = new Card("6104", "0102 0304 6102", "0506 9000");
        byte[] r = new GetResponseTransport(card).transceive(Hex.parse("00 B0 00 00 00"));
        assertEquals("01 02 03 04 05 06 90 00", Hex.spaced(r));
        assertEquals(List.of("00 B0 00 00 00", "00 C0 00 00 04", "00 C0 00 00 02"), card.sent);
    }

    @Test
    void getResponseIsBounded() {
        ApduTransport endless = c -> Hex.parse("6101");
        PcscException e = assertThrows(PcscException.class,
                () -> new GetResponseTransport(endless).transceive(Hex.parse("00 B0 00 00 00")));
        assertEquals(PcscError.TRANSPORT, e.error());
    }

    @Test
    void wrongLeIsResentOnceWithTheCardsLe() throws Exception {
        Card card = new Card("6C20", "AA 9000");
        byte[] r = new WrongLengthResendTransport(card).transceive(Hex.parse("00 B0 00 00 00"));
        assertEquals("AA 90 00", Hex.spaced(r));
        assertEquals(List.of("00 B0 00 00 00", "00 B0 00 00 20"), card.sent);
    }

    @Test
    void verifyWithoutLeIsNeverResent() throws Exception {
        Card card = new Card("6C04");
        byte[] r = new WrongLengthResendTransport(card).transceive(Hex.parse("00 20 00 80 04 31 32 33 34"));
        assertEquals("6C 04", Hex.spaced(r));
        assertEquals(1, card.sent.size());
    }

    @Test
    void caseShapesAreRecognised() {
        assertTrue(Apdus.hasShortLe(Hex.parse("00 B0 00 00 20")));
        assertTrue(Apdus.hasShortLe(Hex.parse("80 2A 00 80 02 AA BB 00")));
        assertFalse(Apdus.hasShortLe(Hex.parse("00 20 00 80")));
        assertFalse(Apdus.hasShortLe(Hex.parse("00 20 00 80 04 31 32 33 34")));
    }

    @Test
    void secretsAreMasked() {
        assertEquals("00 20 00 80 04 XX XX XX XX", Apdus.masked(Hex.parse("00 20 00 80 04 31 32 33 34")));
        assertEquals("00 24 01 80 04 XX XX XX XX", Apdus.masked(Hex.parse("00 24 01 80 04 35 36 37 38")));
        assertEquals("00 20 00 80", Apdus.masked(Hex.parse("00 20 00 80")));
        assertEquals("00 B0 00 00 20", Apdus.masked(Hex.parse("00 B0 00 00 20")));
    }

    @Test
    void standardStackCountsEveryApduThatReachesTheCard() throws Exception {
        Card card = new Card("6C02", "6101", "AA", "BB 9000");
        LongAdder count = new LongAdder();
        // The third answer "AA" is deliberately torn: one byte.
        ApduTransport t = Transports.standard(card, "test", count);
        assertThrows(PcscException.class, () -> t.transceive(Hex.parse("00 B0 00 00 00")));
        assertEquals(3, count.sum());
    }
}
