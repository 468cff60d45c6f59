package org.madoguchi.simulator.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.simulator.card.Apdus.expect;
import static org.madoguchi.simulator.card.Apdus.expectSw;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

import javax.crypto.Cipher;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.madoguchi.driver.apdu.Hex;

/** {@code 80 2A} P1 = 00 … 05 (docs/card.md §9.2) with the card's own key, checked with its certificate. */
class SignSchemesTest {
    private static final byte[] MESSAGE = "abc".getBytes(StandardCharsets.US_ASCII);

    private MyNumberCardSim card;
    private PublicKey key;

    @BeforeEach
    void verified() throws Exception {
        card = Profiles.create("default");
        card.powerOn();
        key = MyNumberCardSimTest.certificate(MyNumberCardSimTest.readDer(prepare(card), 0x000A)).getPublicKey();
        expectSw(card, "00 A4 02 0C 02 00 17", "90 00");
    }

    private static MyNumberCardSim prepare(MyNumberCardSim c) {
        MyNumberCardSimTest.verifyAuthPin(c);
        return c;
    }

    private byte[] sign(int p1, byte[] data) {
        return expectSw(card, String.format("80 2A %02X 80 %02X %s 00", p1, data.length, Hex.spaced(data)), "90 00");
    }

    private static byte[] sha256(byte[] m) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(m);
    }

    /** The padded block inside a PKCS#1 v1.5 signature, by the public-key operation. */
    private byte[] recover(byte[] signature) throws Exception {
        Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        rsa.init(Cipher.DECRYPT_MODE, key);
        return rsa.doFinal(signature);
    }

    @Test
    void p1_00_signsTheDigestInfoAsGiven() throws Exception {
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(key);
        v.update(MESSAGE);
        assertTrue(v.verify(sign(0x00, SignCommand.digestInfo(sha256(MESSAGE)))));
    }

    @Test
    void p1_01_signsTheBareHash() throws Exception {
        assertEquals(Hex.spaced(sha256(MESSAGE)), Hex.spaced(recover(sign(0x01, MESSAGE))));
    }

    @Test
    void p1_02_and_03_wrapInADigestInfo() throws Exception {
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(key);
        v.update(MESSAGE);
        assertTrue(v.verify(sign(0x02, sha256(MESSAGE))));
        v.update(MESSAGE);
        assertTrue(v.verify(sign(0x03, MESSAGE)));
        expect(card, "80 2A 02 80 03 01 02 03 00", "67 00"); // not a 32-byte hash
    }

    @Test
    void p1_04_and_05_arePss() throws Exception {
        Signature v = Signature.getInstance("RSASSA-PSS");
        v.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        v.initVerify(key);
        v.update(MESSAGE);
        assertTrue(v.verify(sign(0x05, MESSAGE)));
        v.update(MESSAGE);
        byte[] pss = sign(0x04, sha256(MESSAGE));
        assertTrue(v.verify(pss));
        v.update("abd".getBytes(StandardCharsets.US_ASCII));
        assertFalse(v.verify(pss));
    }

    @Test
    void lengthAndParameterRules() {
        expect(card, "80 2A 06 80 03 01 02 03 00", "6A 86");
        expect(card, "80 2A 00 80 F6 " + "00 ".repeat(246) + "00", "67 00");
        assertEquals(256, expectSw(card, "80 2A 00 80 F5 " + "00 ".repeat(245) + "00", "90 00").length);
        expect(card, "80 2A 00 9A 03 01 02 03 00", "69 82"); // the sign key needs the sign password
    }
}
