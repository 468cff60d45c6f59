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

class MyNumberCardIdentifyTest {
    private static final String SELECT_JPKI = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01";
    /** The label and the token flags of EF 0006 (offsets 0–31 and 96–99) in one read. */
    private static final String SFI_LABEL = "00 B0 86 00 64";
    private static final String SFI_PRESENCE = "00 B0 88 00 03";
    private static final String SELECT_0006 = "00 A4 02 0C 02 00 06";
    private static final String READ_LABEL = "00 B0 00 00 64";
    private static final String SELECT_0008 = "00 A4 02 0C 02 00 08";
    private static final String READ_PRESENCE = "00 B0 00 00 03";

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
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect(SFI_LABEL, tokenInfo("JPKIAPICCTOKEN2", "0000040D") + "9000")
                .expect(SFI_PRESENCE, "8F8F00 9000");
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
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect(SFI_LABEL, tokenInfo("JPKIAPICCTOKEN2", "00000405") + "9000")
                .expect(SFI_PRESENCE, "8F8F00 9000");
        CardIdentity id = new MyNumberCard(t, CardLayout.RSA_2016).identify();
        t.assertDone();
        assertEquals(TokenKind.MY_NUMBER_CARD, id.kind());
        assertEquals(Optional.of(false), id.userPinInitialized());
        assertTrue(id.saysNoUserPin());
    }

    @Test
    void tokenInfoTooShortForTheFlagsLeavesThemUnknown() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect(SFI_LABEL, label("JPKIAPICCTOKEN2", ' ') + "6282")
                .expect(SFI_PRESENCE, "8F8F00 9000");
        CardIdentity id = new MyNumberCard(t, CardLayout.RSA_2016).identify();
        t.assertDone();
        assertEquals("JPKIAPICCTOKEN2", id.label());
        assertEquals(Optional.empty(), id.userPinInitialized());
        assertFalse(id.saysNoUserPin());
    }

    @Test
    void theTransactionEndsWhenIdentifyFails() {
        RecordingExclusive exclusive = new RecordingExclusive();
        ScriptedTransport t = new ScriptedTransport().expect(SELECT_JPKI, "6F00");
        assertThrows(CardException.class, () -> new MyNumberCard(t, exclusive, CardLayout.RSA_2016).identify());
        assertEquals("begin,end", exclusive.log());
    }

    @Test
    void transcriptAWhenTheCardRefusesShortEfReads() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect(SFI_LABEL, "6A86")
                .expect(SELECT_0006, "9000")
                .expect(READ_LABEL, label("JPKIAPICCTOKEN2", ' ') + "9000")
                .expect(SFI_PRESENCE, "6D00")
                .expect(SELECT_0008, "9000")
                .expect(READ_PRESENCE, "8F8F00 9000");
        CardIdentity id = new MyNumberCard(t, CardLayout.RSA_2016).identify();
        t.assertDone();
        assertEquals(TokenKind.MY_NUMBER_CARD, id.kind());
        assertEquals("JPKIAPICCTOKEN2", id.label());
        assertTrue(id.authCertPresent());
        assertTrue(id.signCertPresent());
    }

    @Test
    void jpkiApAbsentMeansNotJpkiAfterOneApdu() throws Exception {
        ScriptedTransport t = new ScriptedTransport().expect(SELECT_JPKI, "6A82");
        CardIdentity id = new MyNumberCard(t, CardLayout.RSA_2016).identify();
        t.assertDone();
        assertEquals(TokenKind.NOT_JPKI, id.kind());
    }

    @Test
    void under15CardHasNoSignatureCertificate() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect(SFI_LABEL, label("JPKIAPICCTOKEN2", ' ') + "9000")
                .expect(SFI_PRESENCE, "008F00 9000");
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
            ScriptedTransport t = new ScriptedTransport()
                    .expect(SELECT_JPKI, "9000")
                    .expect(SFI_LABEL, label(c[0], '\0') + "9000")
                    .expect(SFI_PRESENCE, "6A82")
                    .expect(SELECT_0008, "6A82");
            CardIdentity id = new MyNumberCard(t, CardLayout.RSA_2016).identify();
            t.assertDone();
            assertEquals(TokenKind.valueOf(c[1]), id.kind(), c[0]);
            assertEquals(c[0], id.label());
        }
    }

    @Test
    void failingSelectIsATypedCardError() {
        ScriptedTransport t = new ScriptedTransport().expect(SELECT_JPKI, "6F00");
        CardException e = assertThrows(CardException.class, () -> new MyNumberCard(t, CardLayout.RSA_2016).identify());
        assertEquals(0x6F00, e.sw());
    }

    @Test
    void tornResponseIsATransportError() {
        ScriptedTransport t = new ScriptedTransport().expect(SELECT_JPKI, "90");
        PcscException e = assertThrows(PcscException.class, () -> new MyNumberCard(t, CardLayout.RSA_2016).identify());
        assertEquals(PcscError.TRANSPORT, e.error());
    }

    @Test
    void unprintableLabelIsRejected() {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect(SFI_LABEL, "4A50 01 02" + "20".repeat(28) + "9000");
        assertThrows(CardException.class, () -> new MyNumberCard(t, CardLayout.RSA_2016).identify());
    }
}
