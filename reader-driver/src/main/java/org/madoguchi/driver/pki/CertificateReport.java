package org.madoguchi.driver.pki;

import java.time.Instant;

/**
 * What the daemon reports of an auth certificate. Auth certificates carry no personal data (the
 * subject is an opaque id), so all of this may be shown and logged.
 *
 * @param serialNumber upper-case hex
 * @param issuer       RFC 4514 string
 * @param subject      RFC 4514 string
 */
public record CertificateReport(
        String serialNumber,
        String issuer,
        String subject,
        Instant notBefore,
        Instant notAfter,
        ChainVerdict chain,
        Renewal renewal) {
}
