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
import org.madoguchi.driver.testing.ApduScript;
import org.madoguchi.driver.testing.ScriptedCard;

/**
 * Every status word of docs/card.md §7 that these operations can meet, each test a script of the
 * exchanges with the card ({@link ApduScript}): the card's side is played, the driver's side must
 * match it APDU for APDU.
 */
class MyNumberCardOperationsTest {
    /** SELECT JPKI AP and SELECT EF 0018 (the auth PIN), both answered {@code 90 00}. */
    static final String JPKI_PIN = """
            > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01   # SELECT JPKI AP
            < 90 00
            > 00 A4 02 0C 02 00 18                           # SELECT EF 0018, the auth PIN
            < 90 00
            """;

    /** {@code 80 2A 00 80} over the DigestInfo of SHA-256("abc"): the 19-byte prefix, then the hash. */
    static final String SIGN_ABC = "80 2A 00 80 33 3031300D060960864801650304020105000420"
            + "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD 00";

    private static ScriptedCard script(String name, String text) {
        return ApduScript.parse(name, text).card();
    }

    private static MyNumberCard card(ScriptedCard t) {
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
        ScriptedCard t = script("pin status " + sw, JPKI_PIN + """
                > 00 20 00 80                                    # the counter, case 1
                < %s
                """.formatted(sw));
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
        ScriptedCard t = script("wrong length", JPKI_PIN + """
                > 00 20 00 80
                < 67 00
                """);
        assertEquals(0x6700, assertThrows(CardException.class, () -> card(t).pinStatus()).sw());
    }

    @Test
    void pinEfMovedAwayByAnotherClientIsSelectedAgainOnce() throws Exception {
        ScriptedCard t = script("moved away", JPKI_PIN + """
                > 00 20 00 80
                < 63 C3
                > 00 A4 02 0C 02 00 18           # another client selected another DF in between
                < 6A 82
                > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01
                < 90 00
                > 00 A4 02 0C 02 00 18
                < 90 00
                > 00 20 00 80
                < 63 C3
                """);
        MyNumberCard c = card(t);
        c.pinStatus();
        assertEquals(new PinStatus.Remaining(3), c.pinStatus());
        t.assertDone();
    }

    @Test
    void lockoutTranscriptC() throws Exception {
        ScriptedCard t = script("lockout", JPKI_PIN + """
                > 00 20 00 80 04 39 39 39 39     # 9999
                < 63 C2
                > 00 A4 02 0C 02 00 18
                < 90 00
                > 00 20 00 80 04 39 39 39 39
                < 63 C1
                > 00 A4 02 0C 02 00 18
                < 90 00
                > 00 20 00 80 04 39 39 39 39
                < 63 C0                          # this try blocks the PIN
                > 00 A4 02 0C 02 00 18
                < 90 00
                > 00 20 00 80                    # the counter
                < 69 84
                > 00 A4 02 0C 02 00 18
                < 90 00
                > 00 20 00 80 04 31 32 33 34     # even the right PIN, 1234
                < 69 84
                """);
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
        ScriptedCard t = script("verify", JPKI_PIN + """
                > 00 20 00 80 04 31 32 33 34
                < 90 00
                > 00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02   # SELECT 券面事項確認AP: the JPKI AP is left
                < 90 00
                """);
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
        ScriptedCard t = script("drop during VERIFY", JPKI_PIN + """
                > 00 20 00 80 04 31 32 33 34
                ! transport
                > 00 20 00 80                    # the counter is read again
                < 63 C2
                """);
        VerifyOutcome o = card(t).verifyPin(pin("1234"));
        t.assertDone();
        assertEquals(new VerifyOutcome.OutcomeUnknown(PcscError.TRANSPORT, Optional.of(new PinStatus.Remaining(2))), o);
    }

    @Test
    void cardRemovedMidVerifyIsOutcomeUnknownWithoutCounter() throws Exception {
        ScriptedCard t = script("removed during VERIFY", JPKI_PIN + """
                > 00 20 00 80 04 31 32 33 34
                ! card_removed
                > 00 20 00 80
                ! card_removed
                """);
        VerifyOutcome o = card(t).verifyPin(pin("1234"));
        assertEquals(new VerifyOutcome.OutcomeUnknown(PcscError.CARD_REMOVED, Optional.empty()), o);
        t.assertDone();
    }

    @Test
    void transcriptBSignsInsideOneTransactionAndLeavesTheDf() throws Exception {
        byte[] challenge = "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String signature = "5A".repeat(256);
        RecordingExclusive exclusive = new RecordingExclusive();
        ScriptedCard t = script("sign", JPKI_PIN + """
                > 00 20 00 80 04 31 32 33 34
                < 90 00
                > 00 A4 02 0C 02 00 17                           # SELECT EF 0017, the auth key
                < 90 00
                > %s                             # COMPUTE DIGITAL SIGNATURE
                < %s 90 00
                > 00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02   # leave the JPKI AP
                < 90 00
                """.formatted(SIGN_ABC, signature));
        SignOutcome o = new MyNumberCard(t, exclusive, CardLayout.RSA_2016).signChallenge(pin("1234"), challenge);
        t.assertDone();
        SignOutcome.Signed s = assertInstanceOf(SignOutcome.Signed.class, o);
        assertArrayEquals(Hex.parse(signature), s.signature());
        assertEquals("begin,end", exclusive.log());
    }

    @Test
    void wrongPinSignsNothing() throws Exception {
        RecordingExclusive exclusive = new RecordingExclusive();
        ScriptedCard t = script("wrong PIN", JPKI_PIN + """
                > 00 20 00 80 04 31 32 33 34
                < 63 C1
                """);
        SignOutcome o = new MyNumberCard(t, exclusive, CardLayout.RSA_2016).signChallenge(pin("1234"), new byte[32]);
        t.assertDone();
        assertEquals(new SignOutcome.PinRejected(new VerifyOutcome.Wrong(1)), o);
        assertEquals("begin,end", exclusive.log());
    }

    @Test
    void signWithoutVerifiedStateIsACardErrorAndTheDfIsStillLeft() throws Exception {
        RecordingExclusive exclusive = new RecordingExclusive();
        ScriptedCard t = script("sign refused", JPKI_PIN + """
                > 00 20 00 80 04 31 32 33 34
                < 90 00
                > 00 A4 02 0C 02 00 17
                < 90 00
                > 80 2A 00 80 *
                < 69 82
                > 00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02
                < 90 00
                """);
        CardException e = assertThrows(CardException.class,
                () -> new MyNumberCard(t, exclusive, CardLayout.RSA_2016).signChallenge(pin("1234"), new byte[8]));
        assertEquals(0x6982, e.sw());
        t.assertDone();
        assertEquals("begin,end", exclusive.log());
    }

    @Test
    void cardRemovedMidSignEndsTheTransactionAndSaysSo() throws Exception {
        RecordingExclusive exclusive = new RecordingExclusive();
        ScriptedCard t = script("removed during signing", JPKI_PIN + """
                > 00 20 00 80 04 31 32 33 34
                < 90 00
                > 00 A4 02 0C 02 00 17
                < 90 00
                > 80 2A 00 80 *
                ! card_removed
                > 00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02
                ! card_removed
                """);
        var e = assertThrows(org.madoguchi.driver.pcsc.PcscException.class,
                () -> new MyNumberCard(t, exclusive, CardLayout.RSA_2016).signChallenge(pin("1234"), new byte[8]));
        assertEquals(PcscError.CARD_REMOVED, e.error());
        assertEquals("begin,end", exclusive.log());
    }

    @Test
    void truncatedSignatureIsRejected() throws Exception {
        ScriptedCard t = script("short signature", JPKI_PIN + """
                > 00 20 00 80 04 31 32 33 34
                < 90 00
                > 00 A4 02 0C 02 00 17
                < 90 00
                > 80 2A 00 80 *
                < %s 90 00                       # 100 bytes, not 256
                > 00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02
                < 90 00
                """.formatted("AA".repeat(100)));
        assertThrows(CardException.class, () -> card(t).signChallenge(pin("1234"), new byte[8]));
    }
}
