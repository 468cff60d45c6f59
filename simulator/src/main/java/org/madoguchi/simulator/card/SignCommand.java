package org.madoguchi.simulator.card;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * COMPUTE DIGITAL SIGNATURE, {@code 80 2A P1 P2 Lc <data> 00} (docs/card.md §9). P2 {@code 80} signs
 * with the selected key EF, P2 {@code 80|SFI} names the key ({@code 97} auth, {@code 9A} sign). P1
 * is the scheme: {@code 00} PKCS#1 v1.5 over the input as given (1–245 bytes: the DigestInfo), then
 * (single-source, MC) {@code 01} SHA-256 of the input, PKCS#1 v1.5 over the bare hash; {@code 02}
 * a 32-byte hash wrapped in a DigestInfo; {@code 03} SHA-256 of the input wrapped in a DigestInfo;
 * {@code 04} RSASSA-PSS over a 32-byte hash; {@code 05} SHA-256 then RSASSA-PSS. Other P1:
 * {@code 6A 86}. No verified PIN for the key: {@code 69 82}. Called with the card's lock held.
 */
final class SignCommand {
    static final int INS = 0x2A;
    private static final byte[] SHA256_PREFIX = {0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01,
        0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};

    private final CardSession session;

    SignCommand(CardSession session) {
        this.session = session;
    }

    byte[] sign(CommandApdu c) {
        if (c.p1() > 0x05) {
            return StatusWords.sw(StatusWords.INCORRECT_P1P2);
        }
        Optional<ElementaryFile> target;
        if (c.p2() == 0x80) {
            target = Optional.ofNullable(session.currentEf);
        } else if ((c.p2() & 0xE0) == 0x80) {
            target = session.currentDf == null ? Optional.empty() : session.currentDf.fileBySfi(c.p2() & 0x1F);
        } else {
            return StatusWords.sw(StatusWords.INCORRECT_P1P2);
        }
        if (target.isEmpty() || !(target.get() instanceof ElementaryFile.Key key) || !session.verified(key.pinFid())) {
            return StatusWords.sw(StatusWords.SECURITY_NOT_SATISFIED);
        }
        if (key.key().isEmpty()) {
            return StatusWords.sw(StatusWords.DATA_NOT_FOUND);
        }
        SigningKey signer = key.key().get();
        byte[] in = c.data();
        if (in.length == 0) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        byte[] signature = switch (c.p1()) {
            case 0x00 -> in.length > signer.maxInputLength() ? null : signer.sign(in);
            case 0x01 -> signer.sign(sha256(in));
            case 0x02 -> in.length != 32 ? null : signer.sign(digestInfo(in));
            case 0x03 -> signer.sign(digestInfo(sha256(in)));
            case 0x04 -> in.length != 32 ? null : signer.signPss(in);
            default -> signer.signPss(sha256(in));
        };
        if (signature == null) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        return StatusWords.withData(signature, StatusWords.OK);
    }

    static byte[] digestInfo(byte[] hash) {
        byte[] d = new byte[SHA256_PREFIX.length + hash.length];
        System.arraycopy(SHA256_PREFIX, 0, d, 0, SHA256_PREFIX.length);
        System.arraycopy(hash, 0, d, SHA256_PREFIX.length, hash.length);
        return d;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
