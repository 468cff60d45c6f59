package org.madoguchi.daemon.readers;

import java.io.IOException;
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
 * {@code --simulate} mode only, the simulator's test roots.
 */
public final class TrustAnchors {
    private static final Logger log = LoggerFactory.getLogger(TrustAnchors.class);

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

    /** The simulation's test roots, through the {@link Simulation} SPI. */
    static List<X509Certificate> simulatorRoots(Simulation simulation) {
        List<X509Certificate> roots = List.copyOf(simulation.trustAnchors());
        // no "JPKI-TEST" here: ProductionJarIT finds that name in no production class
        log.info("--simulate: trusting the simulator's {} test root(s)", roots.size());
        return roots;
    }
}
