package org.madoguchi.simulator.card;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.simulator.card.ElementaryFile.ReadAccess;

/**
 * Builds the JPKI application (公的個人認証AP) of docs/card.md §2 and the credentials it needs: token
 * info (EF 0006), certificate presence (EF 0008), the auth and signature certificates with their
 * CA certificates (from the test PKI), the two RSA-2048 keys, the auth PIN and the sign password.
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
    /** PKCS#11 token flags: RNG, LOGIN_REQUIRED, USER_PIN_INITIALIZED, TOKEN_INITIALIZED. */
    public static final int FLAGS_PIN_SET = 0x0000040D;
    /** The same without USER_PIN_INITIALIZED: how the simulator's 顔認証マイナンバーカード says "no PIN". */
    public static final int FLAGS_NO_PIN = 0x00000405;
    private static final int TOKEN_INFO_LENGTH = 160;
    private static final int CERT_EF_SIZE = 2048;

    /**
     * What differs between JPKI tokens.
     *
     * @param label            the EF 0006 token label, e.g. {@code JPKIAPICCTOKEN2}
     * @param certPresence     EF 0008 ({@code 8F 8F 00}); empty when the token has no such EF
     * @param authCertificate  whether the user-authentication certificate, its CA, key and PIN exist
     * @param signCertificate  whether the signature certificate and its key exist (not under 15)
     * @param authCertNeedsPin whether reading EF 000A needs the auth PIN (the Android token)
     * @param pinInitialized   whether the token info says a user PIN was set (not on 顔認証 cards)
     * @param serial           the token serial number in EF 0006 (up to 16 characters)
     */
    public record Options(String label, Optional<byte[]> certPresence, boolean authCertificate,
            boolean signCertificate, boolean authCertNeedsPin, boolean pinInitialized, String serial) {

        public Options {
            certPresence = certPresence.map(byte[]::clone);
        }

        /** A physical My Number card of an adult: both certificates. */
        public static Options physicalCard(String serial) {
            return new Options("JPKIAPICCTOKEN2", Optional.of(new byte[] {(byte) 0x8F, (byte) 0x8F, 0x00}),
                    true, true, false, true, serial);
        }

        public Options withLabel(String newLabel) {
            return new Options(newLabel, certPresence, authCertificate, signCertificate, authCertNeedsPin,
                    pinInitialized, serial);
        }

        public Options withCertPresence(Optional<byte[]> presence) {
            return new Options(label, presence, authCertificate, signCertificate, authCertNeedsPin, pinInitialized,
                    serial);
        }

        public Options withAuthCertificate(boolean present) {
            return new Options(label, certPresence, present, signCertificate, authCertNeedsPin, pinInitialized,
                    serial);
        }

        public Options withSignCertificate(boolean present) {
            return new Options(label, certPresence, authCertificate, present, authCertNeedsPin, pinInitialized,
                    serial);
        }

        public Options withAuthCertNeedsPin(boolean needed) {
            return new Options(label, certPresence, authCertificate, signCertificate, needed, pinInitialized, serial);
        }

        public Options withPinInitialized(boolean initialized) {
            return new Options(label, certPresence, authCertificate, signCertificate, authCertNeedsPin, initialized,
                    serial);
        }
    }

    /**
     * The certificates (DER) and keys of one token. The auth and sign parts are empty when the
     * token has none.
     */
    public record Material(Optional<byte[]> authCertificate, Optional<SigningKey> authKey, byte[] authCaCertificate,
            Optional<byte[]> signCertificate, Optional<SigningKey> signKey, byte[] signCaCertificate) {
        public Material {
            Objects.requireNonNull(authKey);
            Objects.requireNonNull(signKey);
            authCertificate = authCertificate.map(byte[]::clone);
            signCertificate = signCertificate.map(byte[]::clone);
            authCaCertificate = authCaCertificate.clone();
            signCaCertificate = signCaCertificate.clone();
        }
    }

    private JpkiApplication() {
    }

    /** The DF with its EFs. Credentials must be defined in the card's state with {@link #defineCredentials}. */
    public static DedicatedFile build(Options o, Material m) {
        List<ElementaryFile> files = new ArrayList<>();
        files.add(new ElementaryFile.Binary(EF_TOKEN_INFO, tokenInfo(o), ReadAccess.FREE));
        o.certPresence().ifPresent(p -> files.add(new ElementaryFile.Binary(EF_CERT_PRESENCE, p, ReadAccess.FREE)));
        if (o.authCertificate()) {
            ReadAccess certAccess = o.authCertNeedsPin() ? new ReadAccess.AfterVerify(EF_AUTH_PIN) : ReadAccess.FREE;
            files.add(new ElementaryFile.Binary(EF_AUTH_CERT, certificateEf(m.authCertificate().orElseThrow()),
                    certAccess));
            files.add(new ElementaryFile.Binary(EF_AUTH_CA_CERT, certificateEf(m.authCaCertificate()), ReadAccess.FREE));
            files.add(new ElementaryFile.Key(EF_AUTH_KEY, EF_AUTH_PIN, m.authKey()));
            files.add(new ElementaryFile.Pin(EF_AUTH_PIN, AUTH_PIN, PinFormat.DIGITS_4));
        }
        // The signature password and the sign CA exist even when no signature certificate is issued.
        files.add(new ElementaryFile.Binary(EF_SIGN_CA_CERT, certificateEf(m.signCaCertificate()), ReadAccess.FREE));
        files.add(new ElementaryFile.Pin(EF_SIGN_PASSWORD, SIGN_PASSWORD, PinFormat.ALNUM_6_TO_16));
        if (o.signCertificate()) {
            files.add(new ElementaryFile.Binary(EF_SIGN_CERT, certificateEf(m.signCertificate().orElseThrow()),
                    new ReadAccess.AfterVerify(EF_SIGN_PASSWORD)));
            files.add(new ElementaryFile.Key(EF_SIGN_KEY, EF_SIGN_PASSWORD, m.signKey()));
        }
        return DedicatedFile.of(NAME, CardLayout.RSA_2016.jpkiAid(), files);
    }

    /**
     * Defines the auth PIN (when the token has one) and the signature password in {@code state}. A
     * credential "blocked at issuance" has no secret and no tries left.
     */
    public static CardState defineCredentials(CardState state, Options o, String authPin, int authTriesLeft,
            String signPassword, boolean blockedAtIssuance) {
        byte[] pin = blockedAtIssuance ? new byte[0] : authPin.getBytes(StandardCharsets.US_ASCII);
        byte[] password = blockedAtIssuance ? new byte[0] : signPassword.getBytes(StandardCharsets.US_ASCII);
        if (o.authCertificate()) {
            state.define(AUTH_PIN, pin, AUTH_PIN_MAX_TRIES, blockedAtIssuance ? 0 : authTriesLeft);
        }
        state.define(SIGN_PASSWORD, password, SIGN_PASSWORD_MAX_TRIES, blockedAtIssuance ? 0 : SIGN_PASSWORD_MAX_TRIES);
        return state;
    }

    /**
     * EF 0006: a PKCS#11 CK_TOKEN_INFO of 160 bytes, big-endian CK_ULONGs, laid out as docs/card.md §2.1
     * describes (label, manufacturer, model, serial, flags, counts, PIN lengths, versions, time).
     */
    static byte[] tokenInfo(Options o) {
        ByteBuffer b = ByteBuffer.allocate(TOKEN_INFO_LENGTH);
        b.put(padded(o.label(), 32));
        b.put(padded("madoguchi simulator", 32));
        b.put(padded("SIM2016R", 16));
        b.put(padded(o.serial(), 16));
        b.putInt(o.pinInitialized() ? FLAGS_PIN_SET : FLAGS_NO_PIN);
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

    /** The certificate followed by {@code FF} filler up to the EF size (2048, or more in 256-byte steps). */
    static byte[] certificateEf(byte[] der) {
        int size = Math.max(CERT_EF_SIZE, (der.length + 255) / 256 * 256);
        byte[] ef = new byte[size];
        Arrays.fill(ef, (byte) 0xFF);
        System.arraycopy(der, 0, ef, 0, der.length);
        return ef;
    }
}
