package org.madoguchi.simulator.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.simulator.card.Apdus.expect;
import static org.madoguchi.simulator.card.Apdus.expectSw;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.card.BerTlv;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.FacePhotoOutcome;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.Secret;
import org.madoguchi.driver.card.VerifyOutcome;

/** 券面事項確認AP with its card-face file, 券面事項入力補助AP and 共通AP (docs/card.md §§3–4). */
class CardFaceTest {
    private static final String SELECT_FACE = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02";
    private static final String SELECT_TEXT = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08";
    private static final String CODE_B = "60040120344321"; // the default card's face (made up)

    private MyNumberCardSim card;

    @BeforeEach
    void insert() throws Exception {
        card = Profiles.create("default");
        card.powerOn();
    }

    private static String verify(String digits) {
        byte[] d = digits.getBytes(StandardCharsets.US_ASCII);
        return String.format("00 20 00 80 %02X %s", d.length, Hex.spaced(d));
    }

    @Test
    void codeBIsWhatThePersonOnTheFaceGives() throws Exception {
        assertEquals(CODE_B, Profiles.get("default").cardFace().orElseThrow().verificationCodeB());
        assertEquals("270820" + "2029" + "2468", Profiles.get("under15").cardFace().orElseThrow().verificationCodeB(),
                "平成27年8月20日, a child's card valid 5 years");
    }

    @Test
    void cardFaceFileOnlyAfterCodeB() {
        expect(card, SELECT_FACE, "90 00");
        expect(card, "00 A4 02 0C 02 00 02", "90 00");
        expect(card, "00 B0 00 00 00", "69 82");
        expect(card, "00 A4 02 0C 02 00 12", "90 00");
        expect(card, "00 20 00 80", "63 CA");
        expect(card, verify("60040120349999"), "63 C9");
        expect(card, verify(CODE_B), "90 00");
        expect(card, "00 20 00 80", "63 CA");
        byte[] file = CardReads.wholeFile(card, 0x0002);
        BerTlv.Header h = BerTlv.header(file, 0, file.length).orElseThrow();
        assertEquals(0xFF20, h.tag());
        assertEquals("FF 20 82", Hex.spaced(Arrays.copyOf(file, 3)), "always the long form");
        assertEquals(file.length, h.totalLength());
        List<Integer> tags = new ArrayList<>();
        int at = h.headerLength();
        while (at < file.length) {
            BerTlv.Header f = BerTlv.header(file, at, file.length).orElseThrow();
            tags.add(f.tag());
            at += f.totalLength();
        }
        assertEquals(List.of(0xDF21, 0xDF22, 0xDF23, 0xDF24, 0xDF25, 0xDF26, 0xDF27, 0xDF28, 0xDF29, 0xDF2A), tags);
        byte[] photo = BerTlv.find(file, h.headerLength(), h.totalLength(), 0xDF27).orElseThrow();
        assertArrayEquals(SyntheticImages.JP2_SIGNATURE, Arrays.copyOf(photo, 12));
        assertTrue(photo.length > 3000 && photo.length < 8000, "a few KB: " + photo.length);
        assertEquals("20340401", new String(BerTlv.find(file, h.headerLength(), h.totalLength(), 0xDF29)
                .orElseThrow(), StandardCharsets.US_ASCII), "card expiry");
        assertEquals(256, BerTlv.find(file, h.headerLength(), h.totalLength(), 0xDF28).orElseThrow().length);
        // The offset table points at each field.
        byte[] offsets = BerTlv.find(file, h.headerLength(), h.totalLength(), 0xDF21).orElseThrow();
        int df27 = ((offsets[10] & 0xFF) << 8) | (offsets[11] & 0xFF);
        assertEquals("DF 27", Hex.spaced(Arrays.copyOfRange(file, h.headerLength() + df27, h.headerLength() + df27 + 2)));
    }

    @Test
    void jp2BoxesAndPngsAreWellFormed() throws Exception {
        byte[] jp2 = SyntheticImages.greyscaleJp2("t", 192, 240, 4096);
        assertEquals(4096, jp2.length, "as large as asked");
        String ascii = new String(jp2, StandardCharsets.ISO_8859_1);
        for (String box : List.of("ftyp", "jp2h", "ihdr", "colr", "jp2c")) {
            assertTrue(ascii.contains(box), box);
        }
        int codestream = ascii.indexOf("jp2c") + 4;
        assertEquals("FF 4F FF 51", Hex.spaced(Arrays.copyOfRange(jp2, codestream, codestream + 4)), "SOC SIZ");
        assertEquals("FF D9", Hex.spaced(Arrays.copyOfRange(jp2, jp2.length - 2, jp2.length)), "EOC");
        var png = ImageIO.read(new ByteArrayInputStream(SyntheticImages.textPng("2468", 24, 12)));
        assertEquals(24, png.getWidth());
        assertEquals(12, png.getHeight());
    }

    @Test
    void photoThroughTheDriverAndCodeBCounter() throws Exception {
        MyNumberCard driver = new MyNumberCard(card::process, CardLayout.RSA_2016);
        try (Secret wrong = Secret.verificationCodeB("60040120340000".toCharArray())) {
            FacePhotoOutcome o = driver.readFacePhoto(wrong);
            assertEquals(new VerifyOutcome.Wrong(9), ((FacePhotoOutcome.CodeRejected) o).outcome());
        }
        try (Secret right = Secret.verificationCodeB(CODE_B.toCharArray())) {
            FacePhotoOutcome.Photo photo = assertInstanceOf(FacePhotoOutcome.Photo.class, driver.readFacePhoto(right));
            assertArrayEquals(SyntheticImages.JP2_SIGNATURE, Arrays.copyOf(photo.jp2(), 12));
        }
    }

    @Test
    void codeBBlocksAfterTenWrongTries() {
        expectSw(card, SELECT_FACE, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 12", "90 00");
        for (int left = 9; left >= 0; left--) {
            expect(card, verify("00000000000000"), String.format("63 C%X", left));
        }
        expect(card, verify(CODE_B), "69 84");
        expect(card, "00 24 01 80 0E " + Hex.spaced(CODE_B.getBytes(StandardCharsets.US_ASCII)), "69 84");
        assertTrue(card.state().blocked(FaceApplication.CODE_B));
    }

    @Test
    void codeBMaximumIsAProfileValue() throws Exception {
        Profile five = new Profile("five-tries", "テスト / test",
                Profiles.get("default").recipe().withCodeBMaxTries(5));
        MyNumberCardSim c = five.newCard();
        c.powerOn();
        expectSw(c, SELECT_FACE, "90 00");
        expectSw(c, "00 A4 02 0C 02 00 12", "90 00");
        expect(c, "00 20 00 80", "63 C5");
    }

    @Test
    void fixedKeysCannotBeChanged() {
        expectSw(card, SELECT_FACE, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 12", "90 00");
        expectSw(card, verify(CODE_B), "90 00");
        expect(card, "00 24 01 80 0E " + Hex.spaced("11111111111111".getBytes(StandardCharsets.US_ASCII)), "69 85");
    }

    @Test
    void codeAOpensNothingAndThereIsNoMyNumber() {
        expectSw(card, SELECT_FACE, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 13", "90 00");
        expect(card, "00 20 00 80", "63 CA");
        expect(card, verify("123456789012"), "63 C9");
        expectSw(card, "00 A4 02 0C 02 00 05", "90 00");
        expect(card, "00 B0 00 00 00", "69 82");
        // 券面事項入力補助AP: the 個人番号 EF is unreadable; 照合番号B opens the basic 4 information.
        expectSw(card, SELECT_TEXT, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 01", "90 00");
        expect(card, "00 B0 00 00 11", "69 82");
        expectSw(card, "00 A4 02 0C 02 00 11", "90 00");
        expect(card, "00 20 00 80", "63 C3");
        expect(card, verify("1234"), "63 C2"); // the AP's PIN is a key the simulator does not hold
        expectSw(card, "00 A4 02 0C 02 00 12", "90 00");
        expect(card, "00 20 00 80", "63 C0");
        expect(card, verify("1234"), "69 84");
        expectSw(card, "00 A4 02 0C 02 00 15", "90 00");
        expect(card, verify(CODE_B), "90 00");
        expectSw(card, "00 A4 02 0C 02 00 01", "90 00");
        expect(card, "00 B0 00 00 11", "69 82");
        byte[] attributes = CardReads.wholeFile(card, 0x0002);
        String text = new String(attributes, StandardCharsets.UTF_8);
        assertTrue(text.contains("見本　太郎") && text.contains("見本県") && text.contains("19850401"), text);
    }

    @Test
    void commonApRecordAndNoInternalAuthenticate() {
        expectSw(card, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 01 00", "90 00");
        expectSw(card, "00 A4 02 0C 02 00 01", "90 00");
        byte[] record = expectSw(card, "00 B2 01 04 00", "90 00");
        assertEquals(30, record.length);
        assertEquals("01 1C", Hex.spaced(Arrays.copyOf(record, 2)));
        String digits = new String(record, 2, 28, StandardCharsets.US_ASCII);
        assertTrue(digits.matches("[0-9]{15}99999" + "20340401"), digits);
        expect(card, "00 B2 02 04 00", "6A 83");
        expect(card, "00 B0 00 00 04", "69 81");
        assertArrayEquals(record, expectSw(card, "00 B2 01 0C 00", "90 00")); // P2 = SFI 1 << 3 | 4
    }
}
