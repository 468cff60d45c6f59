package org.madoguchi.daemon.readers;

import java.util.Optional;

import org.madoguchi.driver.apdu.ApduTransport;
import org.madoguchi.driver.apdu.ResponseApdu;
import org.madoguchi.driver.card.Commands;
import org.madoguchi.driver.pcsc.PcscException;

/**
 * Reads the PKCS#11 token flags of EF 0006 (offset 96, domain.md §2) to tell whether a user PIN
 * was ever set: a 顔認証マイナンバーカード has none. The driver's {@code CardIdentity} does not
 * carry this yet, so the worker reads the four bytes itself, right after {@code identify()} (the
 * JPKI AP is selected), through the same counted, traced transport. Any trouble means "assume a
 * PIN is set": the PIN counter then decides.
 */
final class TokenFlags {
    static final int TOKEN_INFO_FID = 0x0006;
    static final int FLAGS_OFFSET = 96;
    /** CKF_USER_PIN_INITIALIZED. */
    static final int USER_PIN_INITIALIZED = 0x00000008;

    private TokenFlags() {
    }

    /** Whether the token says a user PIN is set; empty when it cannot be read. */
    static Optional<Boolean> pinInitialized(ApduTransport transport) {
        try {
            ResponseApdu r = ResponseApdu.parse(transport.transceive(
                    Commands.readBinarySfi(TOKEN_INFO_FID, FLAGS_OFFSET + 4)));
            byte[] d = r.data();
            if (!r.ok() || d.length < FLAGS_OFFSET + 4) {
                return Optional.empty();
            }
            int flags = ((d[FLAGS_OFFSET] & 0xFF) << 24) | ((d[FLAGS_OFFSET + 1] & 0xFF) << 16)
                    | ((d[FLAGS_OFFSET + 2] & 0xFF) << 8) | (d[FLAGS_OFFSET + 3] & 0xFF);
            return Optional.of((flags & USER_PIN_INITIALIZED) != 0);
        } catch (PcscException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
