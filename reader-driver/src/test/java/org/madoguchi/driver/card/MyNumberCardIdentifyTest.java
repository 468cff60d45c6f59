package org.madoguchi.driver.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.testing.ApduScript;
import org.madoguchi.driver.testing.ScriptedCard;

/** {@code identify()} against scripted cards: docs/card.md §10. */
class MyNumberCardIdentifyTest {
    /**
     * A card that takes short-EF reads: SELECT JPKI AP, then EF 0006 (label and token flags, offsets
     * 0–99) and EF 0008 in one READ BINARY each. {@code %s}: EF 0006, then EF 0008, with status words.
     */
    private static final String SHORT_EF_READS = """
            > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01   # SELECT JPKI AP
            < 90 00
            > 00 B0 86 00 64                                 # EF 0006 by its short identifier, 100 bytes
            < %s
            > 00 B0 88 00 03                                 # EF 0008 by its short identifier, 3 bytes
            < %s
            """;

    private static ScriptedCard script(String name, String text) {
        return ApduScript.parse(name, text).card();
    }

    private static String label(String text, char pad) {
        StringBuilder sb = new StringBuilder(text);
        while (sb.length() < 32) {
            sb.append(pad);
        }
        return Hex.of(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** The first 100 bytes of EF 0006: label, manufacturer, model, serial, then the token flags. */
    private static String tokenInfo(String text, String flags) {
        return label(text, ' ') + "20".repeat(64) + flags;
    }

    @Test
    void physicalCardIdentifiedInThreeApdusWithShortEfReadsInOneTransaction() throws Exception {
        RecordingExclusive exclusive = new RecordingExclusive();
        ScriptedCard t = script("physical card", SHORT_EF_READS.formatted(
                tokenInfo("JPKIAPICCTOKEN2", "0000040D") + " 90 00", "8F 8F 00 90 00"));
        CardIdentity id = new MyNumberCard(t, exclusive, CardLayout.RSA_2016).identify();
        t.assertDone();
        assertEquals("begin,end", exclusive.log());
        assertEquals(TokenKind.MY_NUMBER_CARD, id.kind());
        assertTrue(id.authCertPresent());
        assertTrue(id.signCertPresent());
        assertEquals(Optional.of(true), id.userPinInitialized());
        assertFalse(id.saysNoUserPin());
    }

    @Test
    void tokenFlagsWithoutUserPinInitializedSayNoPinWasSet() throws Exception {
        ScriptedCard t = script("no PIN set", SHORT_EF_READS.formatted(
                tokenInfo("JPKIAPICCTOKEN2", "00000405") + " 90 00", "8F 8F 00 90 00"));
        CardIdentity id = new MyNumberCard(t, CardLayout.RSA_2016).identify();
        t.assertDone();
        assertEquals(TokenKind.MY_NUMBER_CARD, id.kind());
        assertEquals(Optional.of(false), id.userPinInitialized());
        assertTrue(id.saysNoUserPin());
    }

    @Test
    void tokenInfoTooShortForTheFlagsLeavesThemUnknown() throws Exception {
        ScriptedCard t = script("short token info", SHORT_EF_READS.formatted(
                label("JPKIAPICCTOKEN2", ' ') + " 62 82", "8F 8F 00 90 00"));
        CardIdentity id = new MyNumberCard(t, CardLayout.RSA_2016).identify();
        t.assertDone();
        assertEquals("JPKIAPICCTOKEN2", id.label());
        assertEquals(Optional.empty(), id.userPinInitialized());
        assertFalse(id.saysNoUserPin());
    }

    @Test
    void theTransactionEndsWhenIdentifyFails() {
        RecordingExclusive exclusive = new RecordingExclusive();
        ScriptedCard t = script("6F 00", """
                > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01
                < 6F 00
                """);
        assertThrows(CardException.class, () -> new MyNumberCard(t, exclusive, CardLayout.RSA_2016).identify());
        assertEquals("begin,end", exclusive.log());
    }

    @Test
    void transcriptAWhenTheCardRefusesShortEfReads() throws Exception {
        ScriptedCard t = script("no short-EF reads", """
                > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01   # SELECT JPKI AP
                < 90 00
                > 00 B0 86 00 64                                 # short-EF read of EF 0006: refused
                < 6A 86
                > 00 A4 02 0C 02 00 06                           # so SELECT EF 0006
                < 90 00
                > 00 B0 00 00 64                                 # and READ BINARY
                < %s 90 00
                > 00 B0 88 00 03                                 # short-EF read of EF 0008: refused
                < 6D 00
                > 00 A4 02 0C 02 00 08
                < 90 00
                > 00 B0 00 00 03
                < 8F 8F 00 90 00
                """.formatted(label("JPKIAPICCTOKEN2", ' ')));
        CardIdentity id = new MyNumberCard(t, CardLayout.RSA_2016).identify();
        t.assertDone();
        assertEquals(TokenKind.MY_NUMBER_CARD, id.kind());
        assertEquals("JPKIAPICCTOKEN2", id.label());
        assertTrue(id.authCertPresent());
        assertTrue(id.signCertPresent());
    }

    @Test
    void jpkiApAbsentMeansNotJpkiAfterOneApdu() throws Exception {
        ScriptedCard t = script("not JPKI", """
                > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01
                < 6A 82
                """);
        CardIdentity id = new MyNumberCard(t, CardLayout.RSA_2016).identify();
        t.assertDone();
        assertEquals(TokenKind.NOT_JPKI, id.kind());
    }

    @Test
    void under15CardHasNoSignatureCertificate() throws Exception {
        ScriptedCard t = script("under 15", SHORT_EF_READS.formatted(
                label("JPKIAPICCTOKEN2", ' ') + " 90 00", "00 8F 00 90 00"));
        CardIdentity id = new MyNumberCard(t, CardLayout.RSA_2016).identify();
        assertFalse(id.signCertPresent());
        assertTrue(id.authCertPresent());
    }

    @Test
    void labelsOfTokensAndNulPaddingAreUnderstood() throws Exception {
        String[][] cases = {
            {"JPKIAPICCTOKEN", "JUKI_CARD"},
            {"JPKIAPIOSTOKEN", "IPHONE_TOKEN"},
            {"JPKIAPGPSETOKEN", "ANDROID_TOKEN"},
            {"SOMETHINGELSE", "UNKNOWN_JPKI"},
        };
        for (String[] c : cases) {
            ScriptedCard t = script(c[0], """
                    > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01
                    < 90 00
                    > 00 B0 86 00 64
                    < %s 90 00                       # the label, padded with NULs
                    > 00 B0 88 00 03                 # no EF 0008 ...
                    < 6A 82
                    > 00 A4 02 0C 02 00 08           # ... by either way of asking
                    < 6A 82
                    """.formatted(label(c[0], '\0')));
            CardIdentity id = new MyNumberCard(t, CardLayout.RSA_2016).identify();
            t.assertDone();
            assertEquals(TokenKind.valueOf(c[1]), id.kind(), c[0]);
            assertEquals(c[0], id.label());
        }
    }

    @Test
    void failingSelectIsATypedCardError() {
        ScriptedCard t = script("6F 00", """
                > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01
                < 6F 00
                """);
        CardException e = assertThrows(CardException.class, () -> new MyNumberCard(t, CardLayout.RSA_2016).identify());
        assertEquals(0x6F00, e.sw());
    }

    @Test
    void tornResponseIsATransportError() {
        ScriptedCard t = script("torn", """
                > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01
                < 90                                             # half a status word
                """);
        PcscException e = assertThrows(PcscException.class, () -> new MyNumberCard(t, CardLayout.RSA_2016).identify());
        assertEquals(PcscError.TRANSPORT, e.error());
    }

    @Test
    void unprintableLabelIsRejected() {
        ScriptedCard t = script("unprintable label", """
                > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01
                < 90 00
                > 00 B0 86 00 64
                < 4A 50 01 02 %s 90 00
                """.formatted("20".repeat(28)));
        assertThrows(CardException.class, () -> new MyNumberCard(t, CardLayout.RSA_2016).identify());
    }
}
