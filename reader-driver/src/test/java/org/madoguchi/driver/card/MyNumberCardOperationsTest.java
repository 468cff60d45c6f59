package org.madoguchi.driver.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.pcsc.PcscError;

/** Scripted transcripts for every status word of docs/card.md §7 that these operations can meet. */
class MyNumberCardOperationsTest {
    static final String SELECT_JPKI = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01";
    static final String SELECT_FACE_AP = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02";
    static final String SELECT_PIN = "00 A4 02 0C 02 00 18";
    static final String SELECT_KEY = "00 A4 02 0C 02 00 17";
    static final String STATUS = "00 20 00 80";
    static final String VERIFY_1234 = "00 20 00 80 04 31 32 33 34";

    private static MyNumberCard card(ScriptedTransport t) {
        return new MyNumberCard(t, CardLayout.RSA_2016);
    }

    private static Secret pin(String digits) throws InvalidPinFormatException {
        return Secret.authPin(digits.toCharArray());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "63C3, Remaining 3", "63C1, Remaining 1", "63C0, Blocked", "6984, Blocked", "6983, Blocked",
        "9000, AlreadyVerified", "6300, Unlimited"})
    void pinStatusUnderstandsEveryAnswer(String sw, String expected) throws Exception {
        ScriptedTransport t = new ScriptedTransport().expect(SELECT_JPKI, "9000").expect(SELECT_PIN, "9000")
                .expect(STATUS, sw);
        PinStatus s = card(t).pinStatus();
        t.assertDone();
        String[] e = expected.split(" ");
        assertEquals(e[0], s.getClass().getSimpleName());
        if (e.length > 1) {
            assertEquals(Integer.parseInt(e[1]), ((PinStatus.Remaining) s).triesLeft());
        }
    }

    @Test
    void pinStatusWithWrongLengthAnswerIsACardError() {
        // 67 00: what a card says to a status query with Le appended; we never append it, so it is unexpected.
        ScriptedTransport t = new ScriptedTransport().expect(SELECT_JPKI, "9000").expect(SELECT_PIN, "9000")
                .expect(STATUS, "6700");
        assertEquals(0x6700, assertThrows(CardException.class, () -> card(t).pinStatus()).sw());
    }

    @Test
    void pinEfMovedAwayByAnotherClientIsSelectedAgainOnce() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000").expect(SELECT_PIN, "9000").expect(STATUS, "63C3")
                .expect(SELECT_PIN, "6A82") // another client selected another DF in between
                .expect(SELECT_JPKI, "9000").expect(SELECT_PIN, "9000").expect(STATUS, "63C3");
        MyNumberCard c = card(t);
        c.pinStatus();
        assertEquals(new PinStatus.Remaining(3), c.pinStatus());
        t.assertDone();
    }

    @Test
    void lockoutTranscriptC() throws Exception {
        String wrong = "00 20 00 80 04 39 39 39 39";
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000").expect(SELECT_PIN, "9000").expect(wrong, "63C2")
                .expect(SELECT_PIN, "9000").expect(wrong, "63C1")
                .expect(SELECT_PIN, "9000").expect(wrong, "63C0")
                .expect(SELECT_PIN, "9000").expect(STATUS, "6984")
                .expect(SELECT_PIN, "9000").expect(VERIFY_1234, "6984");
        MyNumberCard c = card(t);
        assertEquals(new VerifyOutcome.Wrong(2), c.verifyPin(pin("9999")));
        assertEquals(new VerifyOutcome.Wrong(1), c.verifyPin(pin("9999")));
        assertEquals(new VerifyOutcome.NowBlocked(), c.verifyPin(pin("9999")));
        assertEquals(new PinStatus.Blocked(), c.pinStatus());
        assertEquals(new VerifyOutcome.AlreadyBlocked(), c.verifyPin(pin("1234")));
        t.assertDone();
    }

    @Test
    void successfulVerifyLeavesTheDf() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000").expect(SELECT_PIN, "9000").expect(VERIFY_1234, "9000")
                .expect(SELECT_FACE_AP, "9000");
        assertEquals(new VerifyOutcome.Verified(), card(t).verifyPin(pin("1234")));
        t.assertDone();
    }

    @Test
    void pinOfTheWrongShapeNeverMakesASecret() {
        for (String bad : new String[] {"123", "12345", "12a4", "", "１２３４"}) {
            InvalidPinFormatException e = assertThrows(InvalidPinFormatException.class, () -> pin(bad));
            assertTrue(!e.getMessage().contains(bad) || bad.isEmpty(), "message must not echo the input");
        }
        assertThrows(InvalidPinFormatException.class, () -> Secret.authPin(null));
        assertEquals("Secret[4 digits]", assertDoesNotThrowSecret().toString());
    }

    private static Secret assertDoesNotThrowSecret() {
        try {
            return pin("0000");
        } catch (InvalidPinFormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void linkDropMidVerifyIsOutcomeUnknownWithAFreshCounterWhenReadable() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000").expect(SELECT_PIN, "9000").drop(VERIFY_1234, PcscError.TRANSPORT)
                .expect(STATUS, "63C2");
        VerifyOutcome o = card(t).verifyPin(pin("1234"));
        t.assertDone();
        assertEquals(new VerifyOutcome.OutcomeUnknown(PcscError.TRANSPORT, Optional.of(new PinStatus.Remaining(2))), o);
    }

    @Test
    void cardRemovedMidVerifyIsOutcomeUnknownWithoutCounter() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000").expect(SELECT_PIN, "9000").drop(VERIFY_1234, PcscError.CARD_REMOVED)
                .drop(STATUS, PcscError.CARD_REMOVED);
        VerifyOutcome o = card(t).verifyPin(pin("1234"));
        assertEquals(new VerifyOutcome.OutcomeUnknown(PcscError.CARD_REMOVED, Optional.empty()), o);
        t.assertDone();
    }

    @Test
    void transcriptBSignsInsideOneTransactionAndLeavesTheDf() throws Exception {
        byte[] challenge = "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String sign = "80 2A 00 80 33 3031300D060960864801650304020105000420"
                + "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD 00";
        String signature = "5A".repeat(256);
        RecordingExclusive exclusive = new RecordingExclusive();
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000").expect(SELECT_PIN, "9000").expect(VERIFY_1234, "9000")
                .expect(SELECT_KEY, "9000").expect(sign, signature + "9000")
                .expect(SELECT_FACE_AP, "9000");
        SignOutcome o = new MyNumberCard(t, exclusive, CardLayout.RSA_2016).signChallenge(pin("1234"), challenge);
        t.assertDone();
        SignOutcome.Signed s = assertInstanceOf(SignOutcome.Signed.class, o);
        assertArrayEquals(Hex.parse(signature), s.signature());
        assertEquals("begin,end", exclusive.log());
    }

    @Test
    void wrongPinSignsNothing() throws Exception {
        RecordingExclusive exclusive = new RecordingExclusive();
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000").expect(SELECT_PIN, "9000").expect(VERIFY_1234, "63C1");
        SignOutcome o = new MyNumberCard(t, exclusive, CardLayout.RSA_2016).signChallenge(pin("1234"), new byte[32]);
        t.assertDone();
        assertEquals(new SignOutcome.PinRejected(new VerifyOutcome.Wrong(1)), o);
        assertEquals("begin,end", exclusive.log());
    }

    @Test
    void signWithoutVerifiedStateIsACardErrorAndTheDfIsStillLeft() throws Exception {
        RecordingExclusive exclusive = new RecordingExclusive();
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000").expect(SELECT_PIN, "9000").expect(VERIFY_1234, "9000")
                .expect(SELECT_KEY, "9000").expectPrefix("80 2A 00 80", "6982")
                .expect(SELECT_FACE_AP, "9000");
        CardException e = assertThrows(CardException.class,
                () -> new MyNumberCard(t, exclusive, CardLayout.RSA_2016).signChallenge(pin("1234"), new byte[8]));
        assertEquals(0x6982, e.sw());
        t.assertDone();
        assertEquals("begin,end", exclusive.log());
    }

    @Test
    void cardRemovedMidSignEndsTheTransactionAndSaysSo() throws Exception {
        RecordingExclusive exclusive = new RecordingExclusive();
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000").expect(SELECT_PIN, "9000").expect(VERIFY_1234, "9000")
                .expect(SELECT_KEY, "9000").dropPrefix("80 2A 00 80", PcscError.CARD_REMOVED)
                .drop(SELECT_FACE_AP, PcscError.CARD_REMOVED);
        var e = assertThrows(org.madoguchi.driver.pcsc.PcscException.class,
                () -> new MyNumberCard(t, exclusive, CardLayout.RSA_2016).signChallenge(pin("1234"), new byte[8]));
        assertEquals(PcscError.CARD_REMOVED, e.error());
        assertEquals("begin,end", exclusive.log());
    }

    @Test
    void truncatedSignatureIsRejected() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000").expect(SELECT_PIN, "9000").expect(VERIFY_1234, "9000")
                .expect(SELECT_KEY, "9000").expectPrefix("80 2A 00 80", "AA".repeat(100) + "9000")
                .expect(SELECT_FACE_AP, "9000");
        assertThrows(CardException.class, () -> card(t).signChallenge(pin("1234"), new byte[8]));
    }
}
