package org.madoguchi.simulator.card;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.simulator.card.ElementaryFile.ReadAccess;
import org.madoguchi.simulator.pki.DeterministicBytes;

/**
 * Builds 券面事項入力補助AP (docs/card.md §4) as the card has it, with one deliberate gap: the
 * simulator holds no 個人番号. EF 0001 (the number) is {@code FF} filler behind keys that nothing
 * opens: the AP's PIN (EF 0011) and 照合番号A (EF 0014) are keys with no value, so EF 0001 can never
 * be read. 照合番号B (EF 0015) opens the basic 4 information (EF 0002), which is fake test data.
 * EF 0012 is the key that is blocked at issuance.
 */
public final class TextApplication {
    public static final String NAME = "text";
    public static final byte[] AID = Hex.parse("D3 92 10 00 31 00 01 01 04 08");
    public static final int EF_NUMBER = 0x0001;
    public static final int EF_ATTRIBUTES = 0x0002;
    public static final int EF_PIN = 0x0011;
    public static final int EF_BLOCKED_KEY = 0x0012;
    public static final int EF_CODE_A = 0x0014;
    public static final int EF_CODE_B = 0x0015;
    public static final String PIN = NAME + "/0011";
    public static final String BLOCKED_KEY = NAME + "/0012";
    public static final String CODE_A = NAME + "/0014";
    public static final String CODE_B = NAME + "/0015";

    private TextApplication() {
    }

    public static DedicatedFile build(Person p, KeyPair cardKey, String seed) {
        ReadAccess anyKey = new ReadAccess.AfterVerify(Set.of(EF_PIN, EF_CODE_A, EF_CODE_B));
        byte[] number = new byte[17];
        Arrays.fill(number, (byte) 0xFF);
        byte[] attributes = attributes(p);
        byte[] integrity = Tlv.of(0xFF30, Tlv.concat(
                Tlv.of(0xDF31, FaceApplication.sha256(number)),
                Tlv.of(0xDF32, FaceApplication.sha256(attributes)),
                Tlv.of(0xDF33, FaceApplication.sign(cardKey.getPrivate(), attributes))));
        byte[] apInfo = Tlv.of(0xFF40, Tlv.concat(Tlv.of(0xDF41, new byte[] {0, 0, 0, 8}),
                Tlv.of(0xDF42, DeterministicBytes.of("text-key-id/" + seed, 16)),
                Tlv.of(0xDF43, DeterministicBytes.of("text-ap/" + seed, 128))));
        byte[] unknown = new byte[16];
        Arrays.fill(unknown, (byte) 0xFF);
        List<ElementaryFile> files = List.of(
                new ElementaryFile.Binary(EF_NUMBER, number, new ReadAccess.AfterVerify(Set.of(EF_PIN, EF_CODE_A))),
                new ElementaryFile.Binary(EF_ATTRIBUTES, attributes, new ReadAccess.AfterVerify(Set.of(EF_PIN, EF_CODE_B))),
                new ElementaryFile.Binary(0x0003, integrity, anyKey),
                new ElementaryFile.Binary(0x0004, FaceApplication.cvCertificate("text/" + seed), ReadAccess.FREE),
                new ElementaryFile.Binary(0x0005, apInfo, ReadAccess.FREE),
                new ElementaryFile.Binary(0x0006, DeterministicBytes.of("text-6/" + seed, 270), anyKey),
                new ElementaryFile.Binary(0x0007, DeterministicBytes.of("text-7/" + seed, 300), anyKey),
                new ElementaryFile.Binary(0x0008, unknown, ReadAccess.FREE),
                new ElementaryFile.Pin(EF_PIN, PIN, PinFormat.DIGITS_4),
                new ElementaryFile.Pin(EF_BLOCKED_KEY, BLOCKED_KEY, PinFormat.FIXED),
                new ElementaryFile.Pin(EF_CODE_A, CODE_A, PinFormat.FIXED),
                new ElementaryFile.Pin(EF_CODE_B, CODE_B, PinFormat.FIXED));
        return DedicatedFile.of(NAME, AID, files);
    }

    public static CardState defineCredentials(CardState state, Person p, int codeBMaxTries) {
        state.define(PIN, new byte[0], 3, 3);
        state.define(BLOCKED_KEY, new byte[0], 3, 0);
        state.define(CODE_A, new byte[0], FaceApplication.OTHER_KEY_MAX_TRIES, FaceApplication.OTHER_KEY_MAX_TRIES);
        state.define(CODE_B, FaceApplication.ascii(p.verificationCodeB()), codeBMaxTries, codeBMaxTries);
        return state;
    }

    /** EF 0002: {@code FF 20 LL}: DF21 offsets (4 × 2 bytes), DF22 氏名, DF23 住所, DF24 生年月日, DF25 性別. */
    static byte[] attributes(Person p) {
        byte[][] fields = {
            Tlv.of(0xDF22, p.name().getBytes(StandardCharsets.UTF_8)),
            Tlv.of(0xDF23, p.address().getBytes(StandardCharsets.UTF_8)),
            Tlv.of(0xDF24, FaceApplication.ascii(p.birthYyyymmdd())),
            Tlv.of(0xDF25, FaceApplication.ascii(Integer.toString(p.sex()))),
        };
        byte[] offsets = new byte[8];
        int at = 3 + offsets.length;
        for (int i = 0; i < fields.length; i++) {
            offsets[2 * i] = (byte) (at >> 8);
            offsets[2 * i + 1] = (byte) at;
            at += fields[i].length;
        }
        return Tlv.of(0xFF20, Tlv.concat(Tlv.of(0xDF21, offsets), Tlv.concat(fields)));
    }
}
