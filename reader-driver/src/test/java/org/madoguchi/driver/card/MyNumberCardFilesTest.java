package org.madoguchi.driver.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.testing.ApduScript;
import org.madoguchi.driver.testing.ScriptedCard;

/** Certificate and card-face reads: chunking, end-of-file answers, BER lengths, faults (docs/card.md §8). */
class MyNumberCardFilesTest {
    private static final String SELECT_JPKI = """
            > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01   # SELECT JPKI AP
            < 90 00
            """;

    private static ScriptedCard script(String name, String text) {
        return ApduScript.parse(name, text).card();
    }

    /** A DER-shaped object {@code 30 82 LL LL} + content, {@code total} bytes in all. */
    private static byte[] der(int total) {
        byte[] b = new byte[total];
        b[0] = 0x30;
        b[1] = (byte) 0x82;
        b[2] = (byte) ((total - 4) >> 8);
        b[3] = (byte) (total - 4);
        for (int i = 4; i < total; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    private static String hex(byte[] b, int from, int to) {
        return Hex.of(Arrays.copyOfRange(b, from, Math.min(to, b.length)));
    }

    @Test
    void certificateIsReadInChunksOfAtMost256AndCachedForThePresence() throws Exception {
        byte[] cert = der(1204);
        byte[] file = Arrays.copyOf(cert, 2048); // filler after the object
        Arrays.fill(file, 1204, 2048, (byte) 0xFF);
        ScriptedCard t = script("certificate", SELECT_JPKI + """
                > 00 B0 8A 00 00         # EF 000A by its short identifier: the first 256 bytes
                < %s 90 00
                > 00 B0 01 00 00         # offset 256, 256 bytes
                < %s 90 00
                > 00 B0 02 00 00         # offset 512
                < %s 90 00
                > 00 B0 03 00 00         # offset 768
                < %s 90 00
                > 00 B0 04 00 B4         # offset 1024: the last 180 bytes of 1,204; the filler is never read
                < %s 90 00
                """.formatted(hex(file, 0, 256), hex(file, 256, 512), hex(file, 512, 768), hex(file, 768, 1024),
                        hex(file, 1024, 1204)));
        MyNumberCard c = new MyNumberCard(t, CardLayout.RSA_2016);
        assertArrayEquals(cert, c.readAuthCertificate());
        assertArrayEquals(cert, c.readAuthCertificate()); // no more APDUs: the script would fail
        t.assertDone();
    }

    @Test
    void endOfFileWarningWithDataIsTolerated() throws Exception {
        byte[] cert = der(300);
        ScriptedCard t = script("62 82", SELECT_JPKI + """
                > 00 B0 8A 00 00
                < %s 90 00
                > 00 B0 01 00 2C         # the last 44 bytes
                < %s 62 82               # end of file reached, with the data
                """.formatted(hex(cert, 0, 256), hex(cert, 256, 300)));
        assertArrayEquals(cert, new MyNumberCard(t, CardLayout.RSA_2016).readAuthCertificate());
    }

    @Test
    void shortFileAnsweredWithLessThanAskedIsWhole() throws Exception {
        byte[] cert = der(200);
        ScriptedCard t = script("short file", SELECT_JPKI + """
                > 00 B0 8B 00 00         # EF 000B: 256 bytes asked, 200 there
                < %s 62 82
                """.formatted(Hex.of(cert)));
        assertArrayEquals(cert, new MyNumberCard(t, CardLayout.RSA_2016).readAuthCaCertificate());
    }

    @Test
    void fileThatEndsBeforeItsDeclaredLengthIsACardError() {
        byte[] cert = der(600);
        ScriptedCard t = script("cut short", SELECT_JPKI + """
                > 00 B0 8A 00 00
                < %s 90 00
                > 00 B0 01 00 00
                < %s 90 00
                > 00 B0 02 00 58         # 88 bytes still to come, says the header ...
                < 6B 00                  # ... but the file ends here
                """.formatted(hex(cert, 0, 256), hex(cert, 256, 512)));
        CardException e = assertThrows(CardException.class, () -> new MyNumberCard(t, CardLayout.RSA_2016).readAuthCertificate());
        assertEquals(0x6B00, e.sw());
    }

    @Test
    void certificateBehindAPinIsATypedError() {
        // The Android token: EF 000A needs the auth PIN (docs/card.md §§2, 10).
        ScriptedCard t = script("behind a PIN", SELECT_JPKI + """
                > 00 B0 8A 00 00
                < 69 82
                > 00 A4 02 0C 02 00 0A   # the short-EF read failed: SELECT and READ BINARY
                < 90 00
                > 00 B0 00 00 00
                < 69 82
                """);
        assertEquals(0x6982, assertThrows(CardException.class,
                () -> new MyNumberCard(t, CardLayout.RSA_2016).readAuthCertificate()).sw());
    }

    @Test
    void notADerSequenceIsRejected() {
        ScriptedCard t = script("not DER", SELECT_JPKI + """
                > 00 B0 8A 00 00
                < FF FF FF FF 90 00
                """);
        assertThrows(CardException.class, () -> new MyNumberCard(t, CardLayout.RSA_2016).readAuthCertificate());
    }

    @Test
    void cardRemovedMidReadIsATransportErrorOfKindCardRemoved() {
        byte[] cert = der(1204);
        ScriptedCard t = script("removed", SELECT_JPKI + """
                > 00 B0 8A 00 00
                < %s 90 00
                > 00 B0 01 00 00
                ! card_removed
                """.formatted(hex(cert, 0, 256)));
        assertEquals(PcscError.CARD_REMOVED, assertThrows(PcscException.class,
                () -> new MyNumberCard(t, CardLayout.RSA_2016).readAuthCertificate()).error());
    }

    /** EF 0002 of 券面事項確認AP: FF 20 with a long-form length, DF21…DF29 (photo in DF27). */
    private static byte[] cardFace(byte[] photo) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        tlv(body, 0xDF21, new byte[16]);
        tlv(body, 0xDF22, "19800217".getBytes());
        tlv(body, 0xDF23, "1".getBytes());
        tlv(body, 0xDF27, photo);
        tlv(body, 0xDF29, "20350217".getBytes());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        tlv(file, 0xFF20, body.toByteArray());
        return file.toByteArray();
    }

    private static void tlv(ByteArrayOutputStream out, int tag, byte[] value) {
        out.write(tag >> 8);
        out.write(tag);
        if (value.length < 0x80) {
            out.write(value.length);
        } else if (value.length < 0x100) {
            out.write(0x81);
            out.write(value.length);
        } else {
            out.write(0x82);
            out.write(value.length >> 8);
            out.write(value.length);
        }
        out.writeBytes(value);
    }

    @Test
    void facePhotoIsFoundInDf27WithLongFormLengths() throws Exception {
        byte[] photo = new byte[700];
        System.arraycopy(Hex.parse("0000000C6A5020200D0A870A"), 0, photo, 0, 12);
        byte[] file = cardFace(photo);
        assertEquals(755, file.length, "FF 20 82 02 EE and 750 bytes of fields");
        ScriptedCard t = script("face photo", """
                > 00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02   # SELECT 券面事項確認AP
                < 90 00
                > 00 A4 02 0C 02 00 12                           # SELECT EF 0012, 照合番号B
                < 90 00
                > 00 20 00 80 0E 3535303231373230333532323835    # VERIFY 55021720352285
                < 90 00
                > 00 B0 82 00 00                                 # EF 0002 by its short identifier
                < %s 90 00
                > 00 B0 01 00 00
                < %s 90 00
                > 00 B0 02 00 F3                                 # the last 243 bytes
                < %s 90 00
                > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01   # leave the AP: SELECT JPKI AP
                < 90 00
                """.formatted(hex(file, 0, 256), hex(file, 256, 512), hex(file, 512, 755)));
        RecordingExclusive ex = new RecordingExclusive();
        FacePhotoOutcome o = new MyNumberCard(t, ex, CardLayout.RSA_2016)
                .readFacePhoto(Secret.verificationCodeB("55021720352285".toCharArray()));
        t.assertDone();
        assertArrayEquals(photo, assertInstanceOf(FacePhotoOutcome.Photo.class, o).jp2());
        assertEquals("begin,end", ex.log());
    }

    @Test
    void wrongVerificationCodeReadsNothing() throws Exception {
        ScriptedCard t = script("wrong 照合番号B", """
                > 00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02
                < 90 00
                > 00 A4 02 0C 02 00 12
                < 90 00
                > 00 20 00 80 0E *
                < 63 C9
                """);
        FacePhotoOutcome o = new MyNumberCard(t, CardLayout.RSA_2016)
                .readFacePhoto(Secret.verificationCodeB("55021720352286".toCharArray()));
        t.assertDone();
        assertEquals(new FacePhotoOutcome.CodeRejected(new VerifyOutcome.Wrong(9)), o);
        assertThrows(InvalidPinFormatException.class, () -> Secret.verificationCodeB("5502172035228".toCharArray()));
    }

    @Test
    void berLengthsInShortAndLongForm() {
        assertEquals(new BerTlv.Header(0xFF20, 3, 0x65), BerTlv.header(Hex.parse("FF 20 65"), 0, 3).orElseThrow());
        assertEquals(new BerTlv.Header(0xFF20, 5, 0x86), BerTlv.header(Hex.parse("FF 20 82 00 86"), 0, 5).orElseThrow());
        assertEquals(new BerTlv.Header(0x30, 3, 0x90), BerTlv.header(Hex.parse("30 81 90"), 0, 3).orElseThrow());
        assertEquals(true, BerTlv.header(Hex.parse("FF 20 82 00"), 0, 4).isEmpty());
        assertEquals(true, BerTlv.header(Hex.parse("30 80"), 0, 2).isEmpty());
        assertEquals(true, BerTlv.find(Hex.parse("DF 21 05 01"), 0, 4, 0xDF21).isEmpty());
    }
}
