package org.madoguchi.simulator.pcscd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.FacePhotoOutcome;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.PinStatus;
import org.madoguchi.driver.card.Secret;
import org.madoguchi.driver.card.SignOutcome;
import org.madoguchi.driver.card.TokenKind;
import org.madoguchi.driver.card.VerifyOutcome;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.driver.pcsc.jdk.JdkReaderBackend;
import org.madoguchi.driver.pcsc.jna.JnaReaderBackend;
import org.madoguchi.driver.pki.CertificateVerifier;
import org.madoguchi.driver.pki.ChainVerdict;
import org.madoguchi.simulator.card.ElementaryFile;
import org.madoguchi.simulator.card.MyNumberCardSim;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.pki.TestPki;
import org.madoguchi.simulator.vpcd.VpcdCard;

/**
 * The driver's whole suite, on each back-end, through the real pcscd with the simulator's card in
 * vpcd slot 0: readers, insert/remove within 1 s, identify, certificate bytes, PIN status, VERIFY
 * down to blocked, signature, face photo. Skipped only where pcscd is not running.
 */
@Timeout(120)
class DriverIntegrationTest {
    private static final String READER = "Virtual PCD 00 00";
    private static final Path SOCKET = Path.of("/run/pcscd/pcscd.comm");

    private static ReaderBackend backend(String id) {
        return "jna".equals(id) ? new JnaReaderBackend() : new JdkReaderBackend();
    }

    /** Milliseconds until the back-end shows the reader with the wanted card presence; -1 on timeout. */
    private static long millisUntil(ReaderBackend backend, boolean present, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<ReaderState> known = backend.readers();
        while (true) {
            if (known.stream().anyMatch(r -> r.name().equals(READER) && r.cardPresent() == present)) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            known = backend.awaitChange(known, Duration.ofNanos(left));
        }
    }

    private static byte[] fileOf(MyNumberCardSim card, byte[] aid, int fid) {
        return card.spec().application(aid).orElseThrow().file(fid)
                .map(f -> ((ElementaryFile.Binary) f).content()).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jna", "jdk"})
    void wholeSuiteThroughPcscd(String id) throws Exception {
        assumeTrue(Files.exists(SOCKET), "pcscd is not running (" + SOCKET + " missing): skipped");
        CardLayout layout = CardLayout.RSA_2016;
        try (VpcdCard vpcd = VpcdCard.forSlot(0); ReaderBackend backend = backend(id)) {
            assertTrue(backend.readers().stream().map(ReaderState::name).toList()
                    .containsAll(List.of("Virtual PCD 00 00", "Virtual PCD 00 01")), "both vpcd readers listed");

            MyNumberCardSim card = Profiles.create("default");
            vpcd.insert(card);
            vpcd.start();
            assertTrue(vpcd.awaitConnected(Duration.ofSeconds(5)));
            long seen = millisUntil(backend, true, Duration.ofSeconds(5));
            assertTrue(seen >= 0 && seen <= 1000, "insertion seen within 1 s (" + seen + " ms)");

            try (CardConnection c = backend.connect(READER, ShareMode.SHARED)) {
                MyNumberCard mnc = new MyNumberCard(c, CardLayout.RSA_2016);
                assertEquals(TokenKind.MY_NUMBER_CARD, mnc.identify().kind());

                byte[] cert = mnc.readAuthCertificate();
                byte[] held = fileOf(card, layout.jpkiAid(), layout.authCertFid());
                assertArrayEquals(Arrays.copyOf(held, cert.length), cert, "certificate bytes as the card holds them");
                Path roots = Files.createTempFile("roots", ".pem");
                Files.writeString(roots, TestPki.get().rootsPem());
                assertEquals(ChainVerdict.VALID,
                        CertificateVerifier.fromFiles(List.of(roots)).report(cert, Instant.now()).chain());

                assertEquals(new PinStatus.Remaining(3), mnc.pinStatus());
                byte[] challenge = "madoguchi challenge".getBytes(StandardCharsets.US_ASCII);
                try (Secret pin = Secret.authPin("1234".toCharArray())) {
                    SignOutcome.Signed s = assertInstanceOf(SignOutcome.Signed.class, mnc.signChallenge(pin, challenge));
                    assertTrue(CertificateVerifier.verifySignature(cert, challenge, s.signature()), "signature verifies");
                }

                char[] codeB = Profiles.get("default").cardFace().orElseThrow().verificationCodeB().toCharArray();
                try (Secret b = Secret.verificationCodeB(codeB)) {
                    byte[] photo = assertInstanceOf(FacePhotoOutcome.Photo.class, mnc.readFacePhoto(b)).jp2();
                    assertArrayEquals(new byte[] {0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, (byte) 0x87, 0x0A},
                            Arrays.copyOf(photo, 12), "JPEG 2000 signature box");
                    byte[] face = fileOf(card, layout.faceAid(), layout.faceFileFid());
                    assertTrue(indexOf(face, photo) > 0, "the photo is the card's own DF27");
                }

                for (int expected : new int[] {2, 1}) {
                    try (Secret wrong = Secret.authPin("9999".toCharArray())) {
                        assertEquals(new VerifyOutcome.Wrong(expected), mnc.verifyPin(wrong));
                    }
                }
                try (Secret wrong = Secret.authPin("9999".toCharArray())) {
                    assertEquals(new VerifyOutcome.NowBlocked(), mnc.verifyPin(wrong));
                }
                try (Secret right = Secret.authPin("1234".toCharArray())) {
                    assertEquals(new VerifyOutcome.AlreadyBlocked(), mnc.verifyPin(right));
                }
                assertEquals(new PinStatus.Blocked(), mnc.pinStatus());
            }

            vpcd.remove();
            long gone = millisUntil(backend, false, Duration.ofSeconds(5));
            assertTrue(gone >= 0 && gone <= 1000, "removal seen within 1 s (" + gone + " ms)");
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
