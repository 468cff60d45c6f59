package org.madoguchi.simulator.card;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.simulator.card.ElementaryFile.ReadAccess;

/**
 * Builds the JPKI application (公的個人認証AP) of domain.md §2 and the credentials it needs.
 *
 * <p>Certificates (EF 0001, 0002, 000A, 000B) are placeholders for now: a DER
 * {@code 30 82 LL LL} SEQUENCE whose content is an ASCII marker and deterministic random bytes,
 * followed by {@code FF} filler up to the EF size. They do not parse as X.509; the test PKI (a
 * later issue) replaces them with real certificates matching the keys.
 */
public final class JpkiApplication {
    public static final String NAME = "jpki";
    public static final int EF_SIGN_CERT = 0x0001;
    public static final int EF_SIGN_CA_CERT = 0x0002;
    public static final int EF_TOKEN_INFO = 0x0006;
    public static final int EF_CERT_PRESENCE = 0x0008;
    public static final int EF_AUTH_CERT = 0x000A;
    public static final int EF_AUTH_CA_CERT = 0x000B;
    public static final int EF_AUTH_KEY = 0x0017;
    public static final int EF_AUTH_PIN = 0x0018;
    public static final int EF_SIGN_KEY = 0x001A;
    public static final int EF_SIGN_PASSWORD = 0x001B;
    /** Credential identifiers in {@link CardState}. */
    public static final String AUTH_PIN = NAME + "/0018";
    public static final String SIGN_PASSWORD = NAME + "/001B";

    public static final int AUTH_PIN_MAX_TRIES = 3;
    public static final int SIGN_PASSWORD_MAX_TRIES = 5;
    private static final int TOKEN_INFO_LENGTH = 160;
    private static final int CERT_EF_SIZE = 2048;

    /**
     * What differs between JPKI tokens.
     *
     * @param label              the EF 0006 token label, e.g. {@code JPKIAPICCTOKEN2}
     * @param certPresence       EF 0008 ({@code 8F 8F 00}); empty when the token has no such EF
     * @param authCertificate    whether the user-authentication certificate, its CA, key and PIN exist
     * @param signCertificate    whether the signature certificate and its key exist (not under 15)
     * @param authCertNeedsPin   whether reading EF 000A needs the auth PIN (the Android token)
     * @param seed               seeds the placeholder bytes, so a profile's card is the same every time
     */
    public record Options(
            String label,
            Optional<byte[]> certPresence,
            boolean authCertificate,
            boolean signCertificate,
            boolean authCertNeedsPin,
            long seed) {

        /** A physical My Number card of an adult: both certificates. */
        public static Options physicalCard(long seed) {
            return new Options("JPKIAPICCTOKEN2", Optional.of(new byte[] {(byte) 0x8F, (byte) 0x8F, 0x00}),
                    true, true, false, seed);
        }

        public Options withLabel(String newLabel) {
            return new Options(newLabel, certPresence, authCertificate, signCertificate, authCertNeedsPin, seed);
        }

        public Options withCertPresence(Optional<byte[]> presence) {
            return new Options(label, presence, authCertificate, signCertificate, authCertNeedsPin, seed);
        }

        public Options withAuthCertificate(boolean present) {
            return new Options(label, certPresence, present, signCertificate, authCertNeedsPin, seed);
        }

        public Options withSignCertificate(boolean present) {
            return new Options(label, certPresence, authCertificate, present, authCertNeedsPin, seed);
        }

        public Options withAuthCertNeedsPin(boolean needed) {
            return new Options(label, certPresence, authCertificate, signCertificate, needed, seed);
        }
    }

    private JpkiApplication() {
    }

    /** The DF with its EFs. Credentials must be defined in the card's state with {@link #defineCredentials}. */
    public static DedicatedFile build(Options o) {
        Random random = new Random(o.seed());
        List<ElementaryFile> files = new ArrayList<>();
        files.add(new ElementaryFile.Binary(EF_TOKEN_INFO, tokenInfo(o.label(), random), ReadAccess.FREE));
        o.certPresence().ifPresent(p -> files.add(new ElementaryFile.Binary(EF_CERT_PRESENCE, p, ReadAccess.FREE)));
        if (o.authCertificate()) {
            ReadAccess certAccess = o.authCertNeedsPin() ? new ReadAccess.AfterVerify(EF_AUTH_PIN) : ReadAccess.FREE;
            files.add(new ElementaryFile.Binary(EF_AUTH_CERT, placeholderDer("auth certificate", 1180, random),
                    certAccess));
            files.add(new ElementaryFile.Binary(EF_AUTH_CA_CERT,
                    placeholderDer("auth CA certificate", 1000, random), ReadAccess.FREE));
            files.add(new ElementaryFile.Key(EF_AUTH_KEY, EF_AUTH_PIN, Optional.of(RsaSigningKey.placeholder())));
            files.add(new ElementaryFile.Pin(EF_AUTH_PIN, AUTH_PIN, PinFormat.DIGITS_4));
        }
        // The signature password and the sign CA exist even when no signature certificate is issued.
        files.add(new ElementaryFile.Binary(EF_SIGN_CA_CERT, placeholderDer("sign CA certificate", 1004, random),
                ReadAccess.FREE));
        files.add(new ElementaryFile.Pin(EF_SIGN_PASSWORD, SIGN_PASSWORD, PinFormat.ALNUM_6_TO_16));
        if (o.signCertificate()) {
            files.add(new ElementaryFile.Binary(EF_SIGN_CERT, placeholderDer("sign certificate", 1600, random),
                    new ReadAccess.AfterVerify(EF_SIGN_PASSWORD)));
            files.add(new ElementaryFile.Key(EF_SIGN_KEY, EF_SIGN_PASSWORD, Optional.of(RsaSigningKey.placeholder())));
        }
        return DedicatedFile.of(NAME, CardLayout.RSA_2016.jpkiAid(), files);
    }

    /** Defines the auth PIN (when the token has one) and the signature password in {@code state}. */
    public static CardState defineCredentials(CardState state, Options o, String authPin, int authTriesLeft,
            String signPassword) {
        if (o.authCertificate()) {
            state.define(AUTH_PIN, authPin.getBytes(StandardCharsets.US_ASCII), AUTH_PIN_MAX_TRIES, authTriesLeft);
        }
        state.define(SIGN_PASSWORD, signPassword.getBytes(StandardCharsets.US_ASCII), SIGN_PASSWORD_MAX_TRIES,
                SIGN_PASSWORD_MAX_TRIES);
        return state;
    }

    /**
     * EF 0006: a PKCS#11 CK_TOKEN_INFO of 160 bytes, big-endian CK_ULONGs, laid out as domain.md §2
     * describes (label, manufacturer, model, serial, flags, counts, PIN lengths, versions, time).
     */
    static byte[] tokenInfo(String label, Random random) {
        ByteBuffer b = ByteBuffer.allocate(TOKEN_INFO_LENGTH);
        b.put(padded(label, 32));
        b.put(padded("madoguchi simulator", 32));
        b.put(padded("SIM2016R", 16));
        b.put(padded(String.format("SIM%013d", Math.floorMod(random.nextLong(), 10_000_000_000_000L)), 16));
        b.putInt(0x0000040D); // RNG, LOGIN_REQUIRED, USER_PIN_INITIALIZED, TOKEN_INITIALIZED
        b.putInt(1).putInt(0).putInt(1).putInt(0); // session counts
        b.putInt(16).putInt(6); // max / min PIN length
        for (int i = 0; i < 4; i++) {
            b.putInt(0xFFFFFFFF); // memory: unavailable
        }
        b.put("03".getBytes(StandardCharsets.US_ASCII)); // hardware version
        b.put("01".getBytes(StandardCharsets.US_ASCII)); // firmware version
        b.put(padded("", 16)); // utcTime: none
        return b.array();
    }

    private static byte[] padded(String s, int length) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) ' ');
        byte[] text = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, out, 0, Math.min(text.length, length));
        return out;
    }

    /** {@code 30 82 LL LL} + marker + random bytes ({@code contentLength} in all), then FF filler. */
    static byte[] placeholderDer(String what, int contentLength, Random random) {
        byte[] ef = new byte[CERT_EF_SIZE];
        Arrays.fill(ef, (byte) 0xFF);
        ef[0] = 0x30;
        ef[1] = (byte) 0x82;
        ef[2] = (byte) (contentLength >> 8);
        ef[3] = (byte) contentLength;
        byte[] content = new byte[contentLength];
        random.nextBytes(content);
        byte[] marker = ("madoguchi simulator placeholder " + what).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(marker, 0, content, 0, marker.length);
        System.arraycopy(content, 0, ef, 4, contentLength);
        return ef;
    }
}
