package org.madoguchi.simulator.pki;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM text for DER certificates. */
public final class Pem {
    private Pem() {
    }

    /** {@code -----BEGIN CERTIFICATE-----}, base64 in 64-column lines, {@code -----END CERTIFICATE-----}. */
    public static String certificate(byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }
}
