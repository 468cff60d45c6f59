package org.madoguchi.simulator.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.apdu.ResponseApdu;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.TokenKind;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.driver.pki.CertificateReport;
import org.madoguchi.driver.pki.CertificateVerifier;
import org.madoguchi.driver.pki.ChainVerdict;
import org.madoguchi.driver.spi.Simulation;
import org.madoguchi.driver.spi.SimulationException;
import org.madoguchi.driver.spi.SimulationException.Reason;
import org.madoguchi.driver.spi.SimulationOptions;
import org.madoguchi.driver.spi.SimulationProvider;
import org.madoguchi.simulator.pki.TestPki;

class SimulatedProviderTest {

    private static Simulation start(int readers) {
        SimulationProvider provider = ServiceLoader.load(SimulationProvider.class).findFirst().orElseThrow();
        assertInstanceOf(SimulatedProvider.class, provider);
        return provider.start(new SimulationOptions(readers, Optional.empty()));
    }

    @Test
    void foundByServiceLoaderWithTheRequestedReaders() throws Exception {
        try (Simulation sim = start(3)) {
            assertEquals("simulated", sim.backend().id());
            assertEquals(List.of(ReaderState.empty("Simulated Reader 0"), ReaderState.empty("Simulated Reader 1"),
                    ReaderState.empty("Simulated Reader 2")), sim.backend().readers());
            assertEquals(11, sim.profiles().size());
        }
    }

    @Test
    void trustAnchorsAreTheTestRootsTheCardsChainTo() throws Exception {
        try (Simulation sim = start(1)) {
            List<X509Certificate> anchors = sim.trustAnchors();
            assertEquals(List.of(TestPki.get().authRoot(), TestPki.get().signRoot()), anchors);
            sim.insert("Simulated Reader 0", "default");
            try (CardConnection c = sim.backend().connect("Simulated Reader 0", ShareMode.SHARED)) {
                byte[] der = new MyNumberCard(c, CardLayout.RSA_2016).readAuthCertificate();
                CertificateReport report = new CertificateVerifier(anchors).report(der, Instant.now());
                assertEquals(ChainVerdict.VALID, report.chain(), report.toString());
            }
        }
    }

    @Test
    void insertAndRemoveByProfileName() throws Exception {
        try (Simulation sim = start(1)) {
            sim.insert("Simulated Reader 0", "android");
            assertTrue(sim.backend().readers().get(0).cardPresent());
            try (CardConnection c = sim.backend().connect("Simulated Reader 0", ShareMode.SHARED)) {
                assertEquals(TokenKind.ANDROID_TOKEN, new MyNumberCard(c, CardLayout.RSA_2016).identify().kind());
            }
            sim.insert("Simulated Reader 0", "default"); // replaces the card
            sim.remove("Simulated Reader 0");
            assertEquals(Reason.NO_CARD, reason(() -> sim.remove("Simulated Reader 0")));
        }
    }

    @Test
    void errors() {
        try (Simulation sim = start(1)) {
            assertEquals(Reason.UNKNOWN_PROFILE, reason(() -> sim.insert("Simulated Reader 0", "gold-card")));
            assertEquals(Reason.UNKNOWN_READER, reason(() -> sim.insert("Simulated Reader 9", "default")));
            assertEquals(Reason.UNKNOWN_READER, reason(() -> sim.remove("Simulated Reader 9")));
        }
    }

    @Test
    void stateDirectoryFromTheOptionsKeepsCounters(@TempDir Path dir) throws Exception {
        SimulationProvider provider = new SimulatedProvider();
        try (Simulation sim = provider.start(new SimulationOptions(1, Optional.of(dir)))) {
            sim.insert("Simulated Reader 0", "default");
            try (CardConnection c = sim.backend().connect("Simulated Reader 0", ShareMode.SHARED)) {
                c.transceive(Hex.parse("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
                c.transceive(Hex.parse("00 A4 02 0C 02 00 18"));
                assertEquals("63C2", ResponseApdu.parse(c.transceive(Hex.parse("00 20 00 80 04 39 39 39 39"))).swHex());
            }
        }
        assertTrue(Files.exists(dir.resolve("cards/default.properties")));
        try (Simulation sim = provider.start(new SimulationOptions(1, Optional.of(dir)))) {
            sim.insert("Simulated Reader 0", "default");
            try (CardConnection c = sim.backend().connect("Simulated Reader 0", ShareMode.SHARED)) {
                assertEquals(2, new MyNumberCard(c, CardLayout.RSA_2016).pinStatus().triesLeftOrUnknown());
            }
        }
    }

    interface SimCall {
        void run() throws SimulationException;
    }

    private static Reason reason(SimCall call) {
        return assertThrows(SimulationException.class, call::run).reason();
    }
}
