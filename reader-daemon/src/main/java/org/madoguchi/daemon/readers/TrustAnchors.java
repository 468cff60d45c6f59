package org.madoguchi.daemon.readers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.madoguchi.daemon.StartupException;
import org.madoguchi.driver.pki.CertificateVerifier;
import org.madoguchi.driver.spi.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the certificate verifier: the PEM files of {@code trustAnchors}, plus, in
 * {@code --simulate} mode only, the simulator's {@code JPKI-TEST} roots.
 */
public final class TrustAnchors {
    private static final Logger log = LoggerFactory.getLogger(TrustAnchors.class);
    /** The simulator's test PKI; reached by reflection so no simulator class is linked in production. */
    private static final String TEST_PKI = "org.madoguchi.simulator.pki.TestPki";

    private TrustAnchors() {
    }

    public static CertificateVerifier load(List<Path> files, Optional<Simulation> simulation) throws StartupException {
        List<X509Certificate> anchors = new ArrayList<>();
        if (!files.isEmpty()) {
            try {
                anchors.addAll(certificates(files));
                log.info("trust anchors: {} certificate(s) from {} file(s)", anchors.size(), files.size());
            } catch (IOException | CertificateException e) {
                throw new StartupException(StartupException.USAGE, "trustAnchors の証明書を読めません / Cannot read the "
                        + "trustAnchors certificates: " + e.getMessage(), e);
            }
        }
        simulation.ifPresent(s -> anchors.addAll(simulatorRoots(s)));
        if (anchors.isEmpty()) {
            log.warn("no trust anchors configured: certificate chains are not checked (chain: unchecked)");
        }
        return new CertificateVerifier(anchors);
    }

    private static List<X509Certificate> certificates(List<Path> files) throws IOException, CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certs = new ArrayList<>();
        for (Path p : files) {
            try (var in = java.nio.file.Files.newInputStream(p)) {
                for (var c : cf.generateCertificates(in)) {
                    certs.add((X509Certificate) c);
                }
            }
        }
        return certs;
    }

    /**
     * The simulator's test roots (its {@code rootsPem()}), or none with a warning when this
     * simulator build has no test PKI. The {@code Simulation} SPI has no method for them yet.
     */
    static List<X509Certificate> simulatorRoots(Simulation simulation) {
        try {
            Class<?> pki = Class.forName(TEST_PKI, true, simulation.getClass().getClassLoader());
            Object instance = pki.getMethod("get").invoke(null);
            String pem = (String) pki.getMethod("rootsPem").invoke(instance);
            List<X509Certificate> roots = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                roots.add((X509Certificate) c);
            }
            log.info("--simulate: trusting the simulator's {} JPKI-TEST root(s)", roots.size());
            return roots;
        } catch (ReflectiveOperationException | LinkageError | CertificateException | ClassCastException e) {
            log.warn("--simulate: the simulator offers no test roots ({}); certificate chains are checked "
                    + "against trustAnchors only", e.toString());
            return List.of();
        }
    }
}
