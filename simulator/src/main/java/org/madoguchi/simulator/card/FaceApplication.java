package org.madoguchi.simulator.card;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.simulator.card.ElementaryFile.ReadAccess;
import org.madoguchi.simulator.pki.DeterministicBytes;

/**
 * Builds 券面事項確認AP (docs/card.md §3), where the face photo lives. The card-face file EF 0002 is
 * {@code FF 20 82 LL LL} then DF21 … DF2A in the order all sources agree on; it can be read only
 * after VERIFY of 照合番号B (EF 0012) or 照合番号A (EF 0013) in this AP. The simulator holds no
 * 個人番号: 照合番号A is a key no value opens, and EF 0005 (the rendered 個人番号) holds a blank image.
 *
 * <p>Guesses, since no source gives them: the DF21 offset table holds, for each of DF22 … DF2A,
 * its offset from the start of the FF20 value (2 bytes each); DF28 is an RSA signature
 * (SHA256withRSA, by a test issuer key) over SHA-256(DF22‖DF23‖DF24) ‖ SHA-256(DF25‖DF26) ‖
 * SHA-256(DF27), each over the whole TLVs.
 */
public final class FaceApplication {
    public static final String NAME = "face";
    public static final int EF_AGE = 0x0001;
    public static final int EF_CARD_FACE = 0x0002;
    public static final int EF_BASIC_INFO = 0x0003;
    public static final int EF_CV_CERT = 0x0004;
    public static final int EF_NUMBER_IMAGE = 0x0005;
    public static final int EF_BIRTH_KEY = 0x0011;
    public static final int EF_CODE_B = 0x0012;
    public static final int EF_CODE_A = 0x0013;
    public static final String BIRTH_KEY = NAME + "/0011";
    public static final String CODE_B = NAME + "/0012";
    public static final String CODE_A = NAME + "/0013";
    /** Tries of 照合番号B reported by weak sources (docs/card.md §5); a profile may choose another. */
    public static final int DEFAULT_CODE_B_MAX_TRIES = 10;
    /** Unconfirmed for 照合番号A and the birth-date key; the simulator uses 10. */
    static final int OTHER_KEY_MAX_TRIES = 10;

    private FaceApplication() {
    }

    /**
     * The DF. {@code cardKey} is the card's own 券面AP key pair (its public half goes into DF24),
     * {@code issuer} signs DF28 and the age record.
     */
    public static DedicatedFile build(Person p, KeyPair cardKey, KeyPair issuer, String seed) {
        byte[] publicKey = publicKeyObject((RSAPublicKey) cardKey.getPublic());
        List<ElementaryFile> files = List.of(
                new ElementaryFile.Binary(EF_AGE, ageRecord(p, publicKey, issuer.getPrivate()),
                        new ReadAccess.AfterVerify(EF_BIRTH_KEY)),
                new ElementaryFile.Binary(EF_CARD_FACE, cardFace(p, publicKey, issuer.getPrivate(), seed),
                        new ReadAccess.AfterVerify(java.util.Set.of(EF_CODE_B, EF_CODE_A))),
                new ElementaryFile.Binary(EF_BASIC_INFO, basicInfo(p, seed), ReadAccess.FREE),
                new ElementaryFile.Binary(EF_CV_CERT, cvCertificate("face/" + seed), ReadAccess.FREE),
                new ElementaryFile.Binary(EF_NUMBER_IMAGE, Tlv.of(0xFF40, Tlv.concat(
                        Tlv.of(0xDF41, SyntheticImages.textPng("", 120, 16)), Tlv.of(0xDF42, publicKey),
                        Tlv.of(0xDF43, new byte[256]))), new ReadAccess.AfterVerify(EF_CODE_A)),
                new ElementaryFile.Pin(EF_BIRTH_KEY, BIRTH_KEY, PinFormat.FIXED),
                new ElementaryFile.Pin(EF_CODE_B, CODE_B, PinFormat.FIXED),
                new ElementaryFile.Pin(EF_CODE_A, CODE_A, PinFormat.FIXED));
        return DedicatedFile.of(NAME, CardLayout.RSA_2016.faceAid(), files);
    }

    /** 照合番号B with {@code codeBMaxTries}, the birth-date key, and 照合番号A (which no value opens). */
    public static CardState defineCredentials(CardState state, Person p, int codeBMaxTries) {
        state.define(BIRTH_KEY, ascii(p.birthDateKey()), OTHER_KEY_MAX_TRIES, OTHER_KEY_MAX_TRIES);
        state.define(CODE_B, ascii(p.verificationCodeB()), codeBMaxTries, codeBMaxTries);
        state.define(CODE_A, new byte[0], OTHER_KEY_MAX_TRIES, OTHER_KEY_MAX_TRIES);
        return state;
    }

    /** EF 0002: {@code FF 20 82 LL LL}, DF21 offsets, DF22 … DF2A. */
    static byte[] cardFace(Person p, byte[] publicKey, PrivateKey issuer, String seed) {
        byte[][] fields = new byte[9][];
        fields[0] = Tlv.of(0xDF22, ascii(p.birthYyyymmdd()));
        fields[1] = Tlv.of(0xDF23, ascii(Integer.toString(p.sex())));
        fields[2] = Tlv.of(0xDF24, publicKey);
        fields[3] = Tlv.of(0xDF25, SyntheticImages.textPng(p.name(), 256, 20));
        fields[4] = Tlv.of(0xDF26, SyntheticImages.textPng(p.address(), 512, 40));
        fields[5] = Tlv.of(0xDF27, SyntheticImages.greyscaleJp2(seed, 192, 240, 4096));
        byte[] digests = Tlv.concat(sha256(fields[0], fields[1], fields[2]), sha256(fields[3], fields[4]),
                sha256(fields[5]));
        fields[6] = Tlv.of(0xDF28, sign(issuer, digests));
        fields[7] = Tlv.of(0xDF29, ascii(p.cardExpiryYyyymmdd()));
        fields[8] = Tlv.of(0xDF2A, SyntheticImages.textPng(p.securityCode(), 24, 12));
        int offsetTableTlv = 3 + 2 * fields.length;
        byte[] offsets = new byte[2 * fields.length];
        int at = offsetTableTlv;
        for (int i = 0; i < fields.length; i++) {
            offsets[2 * i] = (byte) (at >> 8);
            offsets[2 * i + 1] = (byte) at;
            at += fields[i].length;
        }
        byte[] value = Tlv.concat(Tlv.of(0xDF21, offsets), Tlv.concat(fields));
        return Tlv.longForm(0xFF20, value);
    }

    /** EF 0001: {@code FF 10}: DF11 birth date, DF12 card public key, DF13 signature. */
    static byte[] ageRecord(Person p, byte[] publicKey, PrivateKey issuer) {
        byte[] birth = Tlv.of(0xDF11, ascii(p.birthYyyymmdd()));
        byte[] key = Tlv.of(0xDF12, publicKey);
        return Tlv.of(0xFF10, Tlv.concat(birth, key, Tlv.of(0xDF13, sign(issuer, Tlv.concat(birth, key)))));
    }

    /** EF 0003: {@code FF 30}: layout id, key id, version, municipality code, opaque bytes. */
    static byte[] basicInfo(Person p, String seed) {
        return Tlv.of(0xFF30, Tlv.concat(
                Tlv.of(0xDF31, new byte[] {0x06, 0x03, 0x0E, 0x01}),
                Tlv.of(0xDF32, DeterministicBytes.of("face-key-id/" + seed, 16)),
                Tlv.of(0xDF33, new byte[] {0x00, 0x01}),
                Tlv.of(0xDF34, ascii(p.municipality())),
                Tlv.of(0xDF35, DeterministicBytes.of("face-basic/" + seed, 16 + 256))));
    }

    /** A card-verifiable certificate's shape: {@code 7F 21 82 02 33} and 563 filler bytes (568 in all). */
    static byte[] cvCertificate(String seed) {
        return Tlv.longForm(0x7F21, DeterministicBytes.of("cvc/" + seed, 0x233));
    }

    /** {@code 90 03 01 00 01} (exponent) then {@code 91 82 01 00} and the 256-byte modulus. */
    static byte[] publicKeyObject(RSAPublicKey key) {
        return Tlv.concat(Tlv.of(0x90, unsigned(key.getPublicExponent(), 3)),
                Tlv.of(0x91, unsigned(key.getModulus(), 256)));
    }

    static byte[] unsigned(BigInteger n, int length) {
        byte[] b = n.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(length, b.length);
        System.arraycopy(b, b.length - copy, out, length - copy, copy);
        return out;
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                md.update(part);
            }
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
