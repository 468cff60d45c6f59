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

/** Certificate and card-face reads: chunking, end-of-file answers, BER lengths, faults. */
class MyNumberCardFilesTest {
    private static final String SELECT_JPKI = MyNumberCardOperationsTest.SELECT_JPKI;
    private static final String SELECT_FACE_AP = MyNumberCardOperationsTest.SELECT_FACE_AP;

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

    private static String read(int offset, int le) {
        return Hex.of(org.madoguchi.driver.card.Commands.readBinary(offset, le));
    }

    @Test
    void certificateIsReadInChunksOfAtMost256AndCachedForThePresence() throws Exception {
        byte[] cert = der(1204);
        byte[] file = Arrays.copyOf(cert, 2048); // filler after the object
        Arrays.fill(file, 1204, 2048, (byte) 0xFF);
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect("00 B0 8A 00 00", hex(file, 0, 256) + "9000")
                .expect(read(256, 256), hex(file, 256, 512) + "9000")
                .expect(read(512, 256), hex(file, 512, 768) + "9000")
                .expect(read(768, 256), hex(file, 768, 1024) + "9000")
                .expect(read(1024, 180), hex(file, 1024, 1204) + "9000");
        MyNumberCard c = new MyNumberCard(t, CardLayout.RSA_2016);
        assertArrayEquals(cert, c.readAuthCertificate());
        assertArrayEquals(cert, c.readAuthCertificate()); // no more APDUs: the script would fail
        t.assertDone();
    }

    @Test
    void endOfFileWarningWithDataIsTolerated() throws Exception {
        byte[] cert = der(300);
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect("00 B0 8A 00 00", hex(cert, 0, 256) + "9000")
                .expect(read(256, 44), hex(cert, 256, 300) + "6282");
        assertArrayEquals(cert, new MyNumberCard(t, CardLayout.RSA_2016).readAuthCertificate());
    }

    @Test
    void shortFileAnsweredWithLessThanAskedIsWhole() throws Exception {
        byte[] cert = der(200);
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect("00 B0 8B 00 00", Hex.of(cert) + "6282");
        assertArrayEquals(cert, new MyNumberCard(t, CardLayout.RSA_2016).readAuthCaCertificate());
    }

    @Test
    void fileThatEndsBeforeItsDeclaredLengthIsACardError() {
        byte[] cert = der(600);
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect("00 B0 8A 00 00", hex(cert, 0, 256) + "9000")
                .expect(read(256, 256), hex(cert, 256, 512) + "9000")
                .expect(read(512, 88), "6B00");
        CardException e = assertThrows(CardException.class, () -> new MyNumberCard(t, CardLayout.RSA_2016).readAuthCertificate());
        assertEquals(0x6B00, e.sw());
    }

    @Test
    void certificateBehindAPinIsATypedError() {
        // The Android token: EF 000A needs the auth PIN (docs/card.md §§2, 10).
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect("00 B0 8A 00 00", "6982")
                .expect("00 A4 02 0C 02 00 0A", "9000")
                .expect(read(0, 256), "6982");
        assertEquals(0x6982, assertThrows(CardException.class,
                () -> new MyNumberCard(t, CardLayout.RSA_2016).readAuthCertificate()).sw());
    }

    @Test
    void notADerSequenceIsRejected() {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect("00 B0 8A 00 00", "FFFFFFFF 9000");
        assertThrows(CardException.class, () -> new MyNumberCard(t, CardLayout.RSA_2016).readAuthCertificate());
    }

    @Test
    void cardRemovedMidReadIsATransportErrorOfKindCardRemoved() {
        byte[] cert = der(1204);
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_JPKI, "9000")
                .expect("00 B0 8A 00 00", hex(cert, 0, 256) + "9000")
                .drop(read(256, 256), PcscError.CARD_REMOVED);
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
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_FACE_AP, "9000")
                .expect("00 A4 02 0C 02 00 12", "9000")
                .expect("00 20 00 80 0E 3535303231373230333532323835", "9000")
                .expect("00 B0 82 00 00", hex(file, 0, 256) + "9000");
        for (int off = 256; off < file.length; off += 256) {
            t.expect(read(off, Math.min(256, file.length - off)), hex(file, off, off + 256) + "9000");
        }
        t.expect(SELECT_JPKI, "9000");
        RecordingExclusive ex = new RecordingExclusive();
        FacePhotoOutcome o = new MyNumberCard(t, ex, CardLayout.RSA_2016)
                .readFacePhoto(Secret.verificationCodeB("55021720352285".toCharArray()));
        t.assertDone();
        assertArrayEquals(photo, assertInstanceOf(FacePhotoOutcome.Photo.class, o).jp2());
        assertEquals("begin,end", ex.log());
    }

    @Test
    void wrongVerificationCodeReadsNothing() throws Exception {
        ScriptedTransport t = new ScriptedTransport()
                .expect(SELECT_FACE_AP, "9000")
                .expect("00 A4 02 0C 02 00 12", "9000")
                .expectPrefix("00 20 00 80 0E", "63C9");
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
