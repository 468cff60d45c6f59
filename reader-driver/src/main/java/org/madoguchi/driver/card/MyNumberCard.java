package org.madoguchi.driver.card;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import org.madoguchi.driver.apdu.ApduTransport;
import org.madoguchi.driver.apdu.ResponseApdu;
import org.madoguchi.driver.apdu.Transports;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.PcscException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operations on a My Number card (or a smartphone JPKI token), each with a typed result. One
 * instance per card presence; not thread-safe (the reader's worker owns it). There is no method
 * that reads the 個人番号, uses 照合番号A or reads the signature certificate, and none ever will.
 */
public final class MyNumberCard {
    private static final Logger log = LoggerFactory.getLogger(MyNumberCard.class);
    private static final int LABEL_LENGTH = 32;
    /**
     * EF 0006 is a PKCS#11 CK_TOKEN_INFO: the label is its first 32 bytes, the token flags (a
     * big-endian CK_FLAGS) follow the label, manufacturer, model and serial, at offset 96.
     */
    private static final int TOKEN_FLAGS_OFFSET = 96;
    /** How much of EF 0006 identify reads, in one READ BINARY: the label and the token flags. */
    private static final int TOKEN_INFO_READ = TOKEN_FLAGS_OFFSET + 4;
    /** CKF_USER_PIN_INITIALIZED: a user PIN was set (a 顔認証マイナンバーカード has none). */
    private static final int CKF_USER_PIN_INITIALIZED = 0x00000008;
    /** Face file tag (FF 20) and the photo inside it (DF 27): docs/card.md §3.1. */
    private static final int TAG_CARD_FACE = 0xFF20;
    private static final int TAG_PHOTO = 0xDF27;

    private final ApduTransport transport;
    private final Exclusive exclusive;
    private final CardLayout layout;
    private final EfReader reader;
    /** The DF this object last selected; a guess, since another client may select in between. */
    private byte[] currentDf;
    private byte[] authCertificate;
    private byte[] authCaCertificate;

    public MyNumberCard(ApduTransport transport, CardLayout layout) {
        this(transport, Exclusive.NONE, layout);
    }

    public MyNumberCard(ApduTransport transport, Exclusive exclusive, CardLayout layout) {
        this.transport = Objects.requireNonNull(transport);
        this.exclusive = Objects.requireNonNull(exclusive);
        this.layout = Objects.requireNonNull(layout);
        this.reader = new EfReader(transport);
    }

    /**
     * The usual stack over a live connection: GET RESPONSE, Le resend, masked trace, APDU count
     * ({@code apduCount}), and exclusive transactions on the connection. The one way to wire a card.
     */
    public static MyNumberCard over(CardConnection connection, CardLayout layout, LongAdder apduCount) {
        return new MyNumberCard(Transports.standard(connection, connection.reader(), apduCount),
                Exclusive.of(connection), layout);
    }

    public CardLayout layout() {
        return layout;
    }

    private ResponseApdu send(byte[] command) throws PcscException {
        return ResponseApdu.parse(transport.transceive(command));
    }

    /** Selects a DF by AID; false when the card has no such application ({@code 6A 82}). */
    private boolean selectDf(byte[] aid, String what) throws PcscException, CardException {
        ResponseApdu r = send(Commands.selectDf(aid));
        if (r.sw() == CardStatus.FILE_NOT_FOUND) {
            currentDf = null;
            return false;
        }
        EfReader.expectOk(r, "SELECT " + what);
        currentDf = aid;
        return true;
    }

    private void ensureJpki() throws PcscException, CardException {
        if (currentDf == null || !Arrays.equals(currentDf, layout.jpkiAid())) {
            if (!selectDf(layout.jpkiAid(), "JPKI AP")) {
                throw new CardException("the card has no JPKI application", CardStatus.FILE_NOT_FOUND);
            }
        }
    }

    /** Selects an EF under the JPKI AP, re-selecting the AP once if someone else moved the card away. */
    private void selectJpkiEf(int fid, String what) throws PcscException, CardException {
        ensureJpki();
        ResponseApdu r = send(Commands.selectEf(fid));
        if (r.sw() == CardStatus.FILE_NOT_FOUND) {
            currentDf = null;
            ensureJpki();
            r = send(Commands.selectEf(fid));
        }
        EfReader.expectOk(r, "SELECT " + what);
    }

    /**
     * Tells what the card is (transcript A of docs/card.md §13, with short-EF reads), in one exclusive
     * transaction: SELECT the JPKI AP ({@code 6A 82}: not JPKI, one APDU), the first 100 bytes of EF
     * 0006 (the token label and the PKCS#11 token flags, in one READ BINARY), the certificate
     * presence of EF 0008. Three APDUs on a card that takes short-EF reads.
     */
    public CardIdentity identify() throws PcscException, CardException {
        exclusive.begin();
        try {
            if (!selectDf(layout.jpkiAid(), "JPKI AP")) {
                return CardIdentity.notJpki();
            }
            byte[] tokenInfo = reader.readStart(layout.tokenInfoFid(), TOKEN_INFO_READ, "token info")
                    .orElseThrow(() -> new CardException("JPKI AP without token info", CardStatus.FILE_NOT_FOUND));
            String label = parseLabel(tokenInfo);
            boolean auth = true;
            boolean sign = true;
            Optional<byte[]> presence = reader.readStart(layout.certPresenceFid(), 3, "certificate presence");
            if (presence.isPresent() && presence.get().length >= 2) {
                sign = presence.get()[0] != 0;
                auth = presence.get()[1] != 0;
            }
            return new CardIdentity(TokenKind.ofLabel(label), label, auth, sign, userPinInitialized(tokenInfo));
        } finally {
            endQuietly();
        }
    }

    /** The token flags' CKF_USER_PIN_INITIALIZED; empty when EF 0006 is too short to hold the flags. */
    private static Optional<Boolean> userPinInitialized(byte[] tokenInfo) {
        if (tokenInfo.length < TOKEN_INFO_READ) {
            return Optional.empty();
        }
        int at = TOKEN_FLAGS_OFFSET;
        int flags = ((tokenInfo[at] & 0xFF) << 24) | ((tokenInfo[at + 1] & 0xFF) << 16)
                | ((tokenInfo[at + 2] & 0xFF) << 8) | (tokenInfo[at + 3] & 0xFF);
        return Optional.of((flags & CKF_USER_PIN_INITIALIZED) != 0);
    }

    private static String parseLabel(byte[] d) throws CardException {
        int end = Math.min(d.length, LABEL_LENGTH);
        while (end > 0 && (d[end - 1] == ' ' || d[end - 1] == 0)) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            if (d[i] < 0x20 || d[i] > 0x7E) {
                throw new CardException("token label is not printable ASCII", -1);
            }
        }
        return new String(d, 0, end, StandardCharsets.US_ASCII);
    }

    /** The 利用者証明用電子証明書 (EF 000A), DER; read once per card presence. */
    public byte[] readAuthCertificate() throws PcscException, CardException {
        if (authCertificate == null) {
            authCertificate = readCertificate(layout.authCertFid(), "auth certificate");
        }
        return authCertificate.clone();
    }

    /** The 利用者証明用CA証明書 (EF 000B), DER; read once per card presence. */
    public byte[] readAuthCaCertificate() throws PcscException, CardException {
        if (authCaCertificate == null) {
            authCaCertificate = readCertificate(layout.authCaCertFid(), "auth CA certificate");
        }
        return authCaCertificate.clone();
    }

    private byte[] readCertificate(int fid, String what) throws PcscException, CardException {
        ensureJpki();
        byte[] first = reader.readStart(fid, EfReader.CHUNK, what)
                .orElseThrow(() -> new CardException(what + " is not on the card", CardStatus.FILE_NOT_FOUND));
        if (first.length < 4 || first[0] != 0x30) {
            throw new CardException(what + " is not a DER SEQUENCE", -1);
        }
        return reader.readRestOfTlv(first, what);
    }

    /** The auth PIN's counter, without spending a try (case-1 VERIFY on EF 0018). */
    public PinStatus pinStatus() throws PcscException, CardException {
        selectJpkiEf(layout.authPinFid(), "auth PIN");
        return CardStatus.pinStatus(send(Commands.pinStatus()), "PIN status");
    }

    /**
     * One VERIFY of the auth PIN, outside a signature (for counters and diagnostics). The PIN's
     * shape was checked when the {@link Secret} was made, so a wrong shape never costs a try. On
     * success the JPKI AP is left at once, so the unlocked key is not left for anyone else.
     */
    public VerifyOutcome verifyPin(Secret pin) throws PcscException, CardException {
        selectJpkiEf(layout.authPinFid(), "auth PIN");
        VerifyOutcome outcome = verifyOnce(pin);
        if (outcome instanceof VerifyOutcome.Verified) {
            leaveDf(layout.jpkiAid());
        }
        return outcome;
    }

    /** Sends exactly one VERIFY; a dropped link becomes {@link VerifyOutcome.OutcomeUnknown}. */
    private VerifyOutcome verifyOnce(Secret secret) throws CardException {
        byte[] command = secret.verifyCommand();
        ResponseApdu r;
        try {
            r = send(command);
        } catch (PcscException e) {
            log.info("link lost during VERIFY ({}): outcome unknown", e.error().code());
            Optional<PinStatus> after = Optional.empty();
            try {
                after = Optional.of(CardStatus.pinStatus(send(Commands.pinStatus()), "PIN status after a lost VERIFY"));
            } catch (PcscException | CardException again) {
                log.debug("counter not readable after the lost VERIFY: {}", again.getMessage());
            }
            return new VerifyOutcome.OutcomeUnknown(e.error(), after);
        } finally {
            Arrays.fill(command, (byte) 0);
        }
        return CardStatus.verifyOutcome(r, "VERIFY");
    }

    /**
     * VERIFY of the auth PIN and a signature over SHA-256({@code challenge}) with the auth key
     * ({@code 80 2A 00 80}), inside one exclusive transaction; then the JPKI AP is left so the
     * unlocked key is locked again. A PIN that is not accepted signs nothing.
     */
    public SignOutcome signChallenge(Secret pin, byte[] challenge) throws PcscException, CardException {
        byte[] digestInfo = DigestInfos.sha256(challenge);
        exclusive.begin();
        try {
            currentDf = null; // inside the transaction, trust nothing selected before it
            selectJpkiEf(layout.authPinFid(), "auth PIN");
            VerifyOutcome outcome = verifyOnce(pin);
            if (!(outcome instanceof VerifyOutcome.Verified)) {
                return new SignOutcome.PinRejected(outcome);
            }
            try {
                selectJpkiEf(layout.authKeyFid(), "auth key");
                ResponseApdu r = send(Commands.computeSignature(digestInfo));
                EfReader.expectOk(r, "COMPUTE DIGITAL SIGNATURE");
                if (r.data().length != layout.signatureLength()) {
                    throw new CardException("signature of " + r.data().length + " bytes, expected "
                            + layout.signatureLength(), r.sw());
                }
                return new SignOutcome.Signed(r.data(), digestInfo);
            } finally {
                leaveDf(layout.jpkiAid());
            }
        } finally {
            endQuietly();
        }
    }

    /**
     * Reads the face photo for 顔認証: SELECT 券面事項確認AP, VERIFY 照合番号B on EF 0012, read EF
     * 0002 and take tag DF27 (JPEG 2000), all in one exclusive transaction; then the AP is left.
     */
    public FacePhotoOutcome readFacePhoto(Secret verificationCodeB) throws PcscException, CardException {
        exclusive.begin();
        try {
            if (!selectDf(layout.faceAid(), "券面事項確認AP")) {
                throw new CardException("the card has no 券面事項確認AP", CardStatus.FILE_NOT_FOUND);
            }
            EfReader.expectOk(send(Commands.selectEf(layout.facePinBFid())), "SELECT 照合番号B");
            VerifyOutcome outcome = verifyOnce(verificationCodeB);
            if (!(outcome instanceof VerifyOutcome.Verified)) {
                return new FacePhotoOutcome.CodeRejected(outcome);
            }
            try {
                byte[] first = reader.readStart(layout.faceFileFid(), EfReader.CHUNK, "card face")
                        .orElseThrow(() -> new CardException("card face file missing", CardStatus.FILE_NOT_FOUND));
                byte[] file = reader.readRestOfTlv(first, "card face");
                BerTlv.Header h = BerTlv.header(file, 0, file.length).orElseThrow();
                if (h.tag() != TAG_CARD_FACE) {
                    throw new CardException(String.format("card face file starts with tag %X", h.tag()), -1);
                }
                byte[] photo = BerTlv.find(file, h.headerLength(), h.totalLength(), TAG_PHOTO)
                        .orElseThrow(() -> new CardException("card face file has no photo (DF27)", -1));
                return new FacePhotoOutcome.Photo(photo);
            } finally {
                leaveDf(layout.faceAid());
            }
        } finally {
            endQuietly();
        }
    }

    /**
     * Selects another DF so the card clears the verified state of the one left (docs/card.md §9.3).
     * Tokens without the other DF keep their state until power-down; the worker unpowers them.
     */
    private void leaveDf(byte[] left) {
        byte[] other = Arrays.equals(left, layout.jpkiAid()) ? layout.faceAid() : layout.jpkiAid();
        try {
            ResponseApdu r = send(Commands.selectDf(other));
            currentDf = r.ok() ? other : null;
            if (!r.ok()) {
                log.debug("leaving the DF: SELECT of the other DF gave {}", r.swHex());
            }
        } catch (PcscException e) {
            currentDf = null;
            log.debug("leaving the DF failed: {}", e.error().code());
        }
    }

    private void endQuietly() {
        try {
            exclusive.end();
        } catch (PcscException e) {
            log.debug("end of transaction: {}", e.error().code());
        }
    }
}
