package org.madoguchi.daemon.readers;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Session identifiers: 16 random hex digits, unguessable and unique across restarts in practice. */
final class SessionIds {
    private final SecureRandom random = new SecureRandom();

    String next() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return "s-" + HexFormat.of().formatHex(b);
    }
}
