package org.madoguchi.simulator.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.simulator.card.Apdus.SELECT_JPKI;
import static org.madoguchi.simulator.card.Apdus.expect;
import static org.madoguchi.simulator.card.Apdus.expectSw;
import static org.madoguchi.simulator.card.Apdus.send;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.card.CardIdentity;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.Commands;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.TokenKind;

/** The default card against the transcripts and status words of docs/card.md. */
class MyNumberCardSimTest {
    private static final String SHA256_PREFIX = "30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20";
    private static final String SHA256_ABC = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";

    private MyNumberCardSim card;

    @BeforeEach
    void insert() throws Exception {
        card = Profiles.create("default");
        card.powerOn();
    }

    @Test
    void transcriptA_detectAndIdentify_rawApdus() {
        expect(card, SELECT_JPKI, "90 00");
        expect(card, "00 A4 02 0C 02 00 06", "90 00");
        byte[] label = expectSw(card, "00 B0 00 00 20", "90 00");
        assertEquals("JPKIAPICCTOKEN2" + " ".repeat(17), new String(label, StandardCharsets.US_ASCII));
        expect(card, "00 A4 02 0C 02 00 08", "90 00");
        expect(card, "00 B0 00 00 03", "8F 8F 00 90 00");
    }

    @Test
    void transcriptA_identifyThroughTheDriver() throws Exception {
        CardIdentity id = new MyNumberCard(card::process, CardLayout.RSA_2016).identify();
        assertEquals(new CardIdentity(TokenKind.MY_NUMBER_CARD, "JPKIAPICCTOKEN2", true, true,
                java.util.Optional.of(true)), id);
    }

    @Test
    void tokenInfoIsA160ByteTokenInfo() {
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 06", "90 00");
        byte[] info = expectSw(card, "00 B0 00 00 00", "90 00");
        assertEquals(160, info.length);
        assertEquals("0000040D", Hex.of(Arrays.copyOfRange(info, 96, 100)));
        assertEquals("03", new String(info, 140, 2, StandardCharsets.US_ASCII));
        expect(card, "00 B0 00 A0 01", "6B 00"); // offset 160 is past the end
    }

    @Test
    void transcriptB_pinHappyPathWithSignature() throws Exception {
        expectSw(card, SELECT_JPKI, "90 00");
        expect(card, "00 A4 02 0C 02 00 18", "90 00");
        expect(card, "00 20 00 80", "63 C3");
        expect(card, "00 20 00 80 04 31 32 33 34", "90 00");
        byte[] cert = readDer(card, 0x000A);
        assertEquals(0x30, cert[0] & 0xFF);
        expect(card, "00 A4 02 0C 02 00 17", "90 00");
        byte[] sig = expectSw(card, "80 2A 00 80 33 " + SHA256_PREFIX + SHA256_ABC + " 00", "90 00");
        assertEquals(256, sig.length);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate(cert).getPublicKey()); // the card's own key, from its certificate
        verifier.update("abc".getBytes(StandardCharsets.US_ASCII));
        assertTrue(verifier.verify(sig), "PKCS#1 v1.5 signature over the DigestInfo");
    }

    @Test
    void transcriptC_lockout() {
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 18", "90 00");
        expect(card, "00 20 00 80 04 39 39 39 39", "63 C2");
        expect(card, "00 20 00 80 04 39 39 39 39", "63 C1");
        expect(card, "00 20 00 80 04 39 39 39 39", "63 C0");
        String query = Apdus.sw(send(card, "00 20 00 80"));
        assertTrue(List.of("63 C0", "69 84").contains(query), query);
        expect(card, "00 20 00 80 04 31 32 33 34", "69 84");
        expect(card, "00 A4 02 0C 02 00 17", "90 00");
        expect(card, "80 2A 00 80 33 " + SHA256_PREFIX + SHA256_ABC + " 00", "69 82");
        assertEquals(0, card.state().triesLeft(JpkiApplication.AUTH_PIN));
        // The counter survives power cycles.
        card.powerOff();
        card.powerOn();
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 18", "90 00");
        expect(card, "00 20 00 80", "63 C0");
    }

    @Test
    void blockedQueryCanAnswer6984() throws Exception {
        CardSpec spec = card.spec();
        CardSpec other = new CardSpec(spec.atr(), spec.applications(),
                spec.behaviour().withBlockedQuerySw(StatusWords.KEY_LOCKED));
        MyNumberCardSim blocked = new MyNumberCardSim(other, Profiles.create("pin-blocked").state());
        blocked.powerOn();
        expectSw(blocked, SELECT_JPKI, "90 00");
        expectSw(blocked, "00 A4 02 0C 02 00 18", "90 00");
        expect(blocked, "00 20 00 80", "69 84");
    }

    @Test
    void successfulVerifyResetsTheCounter() {
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 18", "90 00");
        expect(card, "00 20 00 80 04 30 30 30 30", "63 C2");
        expect(card, "00 20 00 80 04 30 30 30 30", "63 C1");
        expect(card, "00 20 00 80", "63 C1");
        expect(card, "00 20 00 80 04 31 32 33 34", "90 00");
        expect(card, "00 20 00 80", "63 C3");
    }

    @Test
    void verifyEdgeCases() {
        expectSw(card, SELECT_JPKI, "90 00");
        expect(card, "00 20 00 80", "69 86"); // no current EF
        expectSw(card, "00 A4 02 0C 02 00 06", "90 00");
        expect(card, "00 20 00 80", "69 81"); // not a PIN EF
        expectSw(card, "00 A4 02 0C 02 00 18", "90 00");
        expect(card, "00 20 00 80 00", "67 00"); // empty VERIFY with Le
        expect(card, "00 20 00 81", "6A 86");
        expect(card, "00 20 00 80", "63 C3"); // nothing was counted
    }

    @Test
    void statusWordsOfSection13() {
        expect(card, "00 A4 00 00", "6A 86"); // SELECT MF after power-up
        expect(card, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 02", "6A 82");
        expect(card, "00 A4 04 0C 05 D3 92 F0 00 26", "6A 82"); // partial AID
        expect(card, "00 A4 02 0C 02 00 06", "6A 82"); // EF before any DF
        expect(card, "00 B0 00 00 04", "69 86"); // no current EF
        expect(card, "00 A4 00 00 02 3F 00", "6A 82");
        expect(card, "00 12 00 00", "6D 00");
        expect(card, "A0 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01", "6E 00");
        expect(card, "01 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01", "68 81");
        expect(card, "0C A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01", "68 82");
        expect(card, "0C B0 00 00 04", "69 FC");
        expect(card, "00 A4", "67 00");
        expect(card, "80 FC 00 00", "67 00"); // last command indicator: physical cards refuse
        expect(card, SELECT_JPKI, "90 00");
        expect(card, "00 A4 00 00", "90 00"); // inside an application: accepted, no change
        expect(card, "00 A4 02 0C 02 00 06", "90 00");
        expect(card, "00 A4 02 0C 02 00 99", "6A 82");
        expect(card, "00 A4 02 0C 01 00", "67 00");
        expect(card, "00 A4 08 0C 02 00 06", "6A 86");
        expect(card, "00 A4 02 0C 02 00 18", "90 00");
        expect(card, "00 B0 00 00 04", "69 81"); // READ BINARY on a PIN EF
    }

    @Test
    void otherApplicationsExist() {
        for (String aid : List.of("D3 92 10 00 31 00 01 01 04 02", "D3 92 10 00 31 00 01 01 04 08",
                "D3 92 10 00 31 00 01 01 01 00")) {
            expect(card, "00 A4 04 0C 0A " + aid, "90 00");
            expect(card, "00 A4 02 0C 02 00 01", "90 00");
            expect(card, "00 A4 02 0C 02 00 0A", "6A 82");
        }
        expect(card, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 01", "90 00"); // 住基AP
        expect(card, "00 A4 02 0C 02 00 1C", "90 00");
    }

    @Test
    void readBinaryOffsetsAndChunks() throws Exception {
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 0A", "90 00");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int offset = 0;
        while (true) {
            byte[] r = send(card, Hex.spaced(Commands.readBinary(offset, 256)));
            if (Apdus.sw(r).equals("6B 00")) {
                break;
            }
            assertEquals("90 00", Apdus.sw(r));
            byte[] d = Apdus.data(r);
            all.writeBytes(d);
            offset += d.length;
            if (d.length < 256) {
                break; // partial last chunk
            }
        }
        byte[] whole = all.toByteArray();
        assertEquals(2048, whole.length, "the EF, FF filler included");
        assertEquals("30 82", Hex.spaced(Arrays.copyOf(whole, 2)));
        int derLength = 4 + (((whole[2] & 0xFF) << 8) | (whole[3] & 0xFF));
        assertTrue(derLength > 900 && derLength < 2048, "an RSA-2048 certificate: " + derLength);
        certificate(Arrays.copyOf(whole, derLength)); // parses as X.509
        assertEquals((byte) 0xFF, whole[derLength], "FF filler after the certificate");
        assertEquals((byte) 0xFF, whole[whole.length - 1]);
        // 15-bit offsets, a partial chunk at the end, 6B 00 beyond it.
        byte[] mid = expectSw(card, "00 B0 03 00 10", "90 00");
        assertArrayEquals(Arrays.copyOfRange(whole, 0x300, 0x310), mid);
        assertEquals(8, expectSw(card, "00 B0 07 F8 00", "90 00").length);
        expect(card, "00 B0 08 00 01", "6B 00");
        expect(card, "00 B0 7F FF 01", "6B 00");
        expect(card, "00 B0 00 00", "67 00"); // no Le
        // Short EF form: P1 = 80 | SFI selects EF 0006 and reads it.
        byte[] label = expectSw(card, "00 B0 86 00 0F", "90 00");
        assertEquals("JPKIAPICCTOKEN2", new String(label, StandardCharsets.US_ASCII));
    }

    @Test
    void signCertificateNeedsThePassword() {
        expectSw(card, SELECT_JPKI, "90 00");
        expect(card, "00 A4 02 0C 02 00 01", "90 00");
        expect(card, "00 B0 00 00 04", "69 82");
        expect(card, "00 A4 02 0C 02 00 1B", "90 00");
        expect(card, "00 20 00 80", "63 C5");
        expect(card, "00 20 00 80 06 41 42 43 31 32 33", "90 00");
        expect(card, "00 A4 02 0C 02 00 01", "90 00");
        assertEquals("30 82", Hex.spaced(Arrays.copyOf(expectSw(card, "00 B0 00 00 04", "90 00"), 2)));
        expect(card, "00 A4 02 0C 02 00 02", "90 00");
        assertEquals(4, expectSw(card, "00 B0 00 00 04", "90 00").length);
    }

    @Test
    void verifiedStateEndsWithPowerOffAndWithAnotherDf() {
        verifyAuthPin(card);
        assertTrue(card.verified(JpkiApplication.EF_AUTH_PIN));
        expectSw(card, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02", "90 00"); // another DF
        expectSw(card, SELECT_JPKI, "90 00");
        assertFalse(card.verified(JpkiApplication.EF_AUTH_PIN));
        expectSw(card, "00 A4 02 0C 02 00 17", "90 00");
        expect(card, "80 2A 00 80 33 " + SHA256_PREFIX + SHA256_ABC + " 00", "69 82");

        verifyAuthPin(card);
        expectSw(card, SELECT_JPKI, "90 00"); // the same DF again keeps it
        assertTrue(card.verified(JpkiApplication.EF_AUTH_PIN));
        card.warmReset(); // kept across a warm reset (docs/card.md §9.3)
        expectSw(card, SELECT_JPKI, "90 00");
        assertTrue(card.verified(JpkiApplication.EF_AUTH_PIN));
        card.powerOff();
        card.powerOn();
        expectSw(card, SELECT_JPKI, "90 00");
        assertFalse(card.verified(JpkiApplication.EF_AUTH_PIN));
    }

    @Test
    void warmResetCanClearTheVerifiedState() throws Exception {
        CardSpec spec = card.spec();
        MyNumberCardSim strict = new MyNumberCardSim(new CardSpec(spec.atr(), spec.applications(),
                spec.behaviour().withKeepVerifiedOnWarmReset(false)), card.state());
        strict.powerOn();
        verifyAuthPin(strict);
        strict.warmReset();
        expectSw(strict, SELECT_JPKI, "90 00");
        assertFalse(strict.verified(JpkiApplication.EF_AUTH_PIN));
    }

    @Test
    void queryMayAnswerOkWhenVerified() {
        CardSpec spec = card.spec();
        MyNumberCardSim c = new MyNumberCardSim(new CardSpec(spec.atr(), spec.applications(),
                spec.behaviour().withQueryOkWhenVerified(true)), card.state());
        c.powerOn();
        verifyAuthPin(c);
        expect(c, "00 20 00 80", "90 00");
    }

    @Test
    void signingRules() {
        expectSw(card, SELECT_JPKI, "90 00");
        expect(card, "80 2A 00 80 33 " + SHA256_PREFIX + SHA256_ABC + " 00", "69 82"); // no EF
        verifyAuthPin(card);
        expect(card, "80 2A 00 80 33 " + SHA256_PREFIX + SHA256_ABC + " 00", "69 82"); // PIN EF is current
        expectSw(card, "00 A4 02 0C 02 00 17", "90 00");
        expect(card, "80 2A 06 80 33 " + SHA256_PREFIX + SHA256_ABC + " 00", "6A 86");
        expect(card, "80 2A 00 80 00", "67 00");
        expect(card, "80 2A 00 80 F6 " + "00 ".repeat(246) + "00", "67 00");
        expect(card, "00 2A 00 80 33 " + SHA256_PREFIX + SHA256_ABC + " 00", "6E 00");
        expect(card, "80 2A 00 81 33 " + SHA256_PREFIX + SHA256_ABC + " 00", "69 82"); // SFI 1 is no key
        expect(card, "80 2A 00 00 33 " + SHA256_PREFIX + SHA256_ABC + " 00", "6A 86");
        // P2 = 97 names the auth key by SFI, whatever EF is current.
        expectSw(card, "00 A4 02 0C 02 00 06", "90 00");
        assertEquals(256, expectSw(card, "80 2A 00 97 33 " + SHA256_PREFIX + SHA256_ABC + " 00", "90 00").length);
        // The sign key needs the sign password, not the auth PIN.
        expectSw(card, "00 A4 02 0C 02 00 1A", "90 00");
        expect(card, "80 2A 00 80 33 " + SHA256_PREFIX + SHA256_ABC + " 00", "69 82");
    }

    @Test
    void changeReferenceData() {
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 18", "90 00");
        expect(card, "00 24 01 80 04 35 36 37 38", "69 82"); // not verified
        expect(card, "00 20 00 80 04 31 32 33 34", "90 00");
        expect(card, "00 24 01 80 03 35 36 37", "6A 80"); // not 4 digits
        expect(card, "00 24 01 80 04 35 36 37 38", "90 00");
        card.powerOff();
        card.powerOn();
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 18", "90 00");
        expect(card, "00 20 00 80 04 31 32 33 34", "63 C2");
        expect(card, "00 20 00 80 04 35 36 37 38", "90 00");
    }

    @Test
    void getChallenge() {
        assertEquals(8, expectSw(card, "00 84 00 00 08", "90 00").length);
        expect(card, "00 84 00 00 00 00 08", "69 85"); // extended Le refused
    }

    @Test
    void unpoweredCardRefusesCommands() {
        card.powerOff();
        assertThrows(IllegalStateException.class, () -> send(card, SELECT_JPKI));
    }

    @Test
    void stateNeverPrintsSecrets() {
        String text = card.state().toString() + card.state().snapshot();
        assertFalse(text.contains("1234"), text);
        assertFalse(text.contains("ABC123"), text);
    }

    static java.security.cert.X509Certificate certificate(byte[] der) throws java.security.cert.CertificateException {
        return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    /** Verifies the auth PIN on tokens that need it to read the certificate (Android); a no-op elsewhere. */
    static void verifyAuthPinIfUsable(MyNumberCardSim c) {
        if (c.state().has(JpkiApplication.AUTH_PIN) && !c.state().blocked(JpkiApplication.AUTH_PIN)) {
            verifyAuthPin(c);
        } else {
            expectSw(c, SELECT_JPKI, "90 00");
        }
    }

    static void verifyAuthPin(MyNumberCardSim c) {
        expectSw(c, SELECT_JPKI, "90 00");
        expectSw(c, "00 A4 02 0C 02 00 18", "90 00");
        expectSw(c, "00 20 00 80 04 31 32 33 34", "90 00");
    }

    /** Reads a DER file as the driver will: 4-byte header, then ≤256-byte chunks. */
    static byte[] readDer(VirtualCard c, int fid) {
        expectSw(c, Hex.spaced(Commands.selectEf(fid)), "90 00");
        byte[] head = expectSw(c, "00 B0 00 00 04", "90 00");
        int total = 4 + (((head[2] & 0xFF) << 8) | (head[3] & 0xFF));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        while (out.size() < total) {
            int n = Math.min(256, total - out.size());
            out.writeBytes(expectSw(c, Hex.spaced(Commands.readBinary(out.size(), n)), "90 00"));
        }
        return out.toByteArray();
    }
}
