package org.madoguchi.daemon.session;

import java.util.Objects;

import org.madoguchi.driver.pki.CertificateReport;

/**
 * The card's 利用者証明用電子証明書 and what the daemon found when it checked it.
 *
 * @param der    the certificate, DER
 * @param report serial, names, validity, chain verdict and renewal window
 */
public record CertificateInfo(byte[] der, CertificateReport report) {
    public CertificateInfo {
        der = der.clone();
        Objects.requireNonNull(report);
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateInfo c && java.util.Arrays.equals(c.der, der) && c.report.equals(report);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return "CertificateInfo[serial=" + report.serialNumber() + ", chain=" + report.chain().code() + "]";
    }
}
