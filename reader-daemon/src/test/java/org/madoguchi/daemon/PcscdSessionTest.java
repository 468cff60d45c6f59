package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.madoguchi.daemon.WsTestClient.readerEvent;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.sessionIn;
import static org.madoguchi.daemon.WsTestClient.sessionState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.madoguchi.daemon.config.BackendKind;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.ReaderFilter;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.driver.pcsc.jna.JnaReaderBackend;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.pki.TestPki;
import org.madoguchi.simulator.vpcd.VpcdCard;

/**
 * The daemon in production mode (jna back-end) against the real pcscd, with the simulator's card
 * played into vsmartcard's vpcd slot 1 ({@code Virtual PCD 00 01}). The daemon is told to use only
 * that reader, so tests in other JVMs may use slot 0 meanwhile. Skipped without a running pcscd.
 */
@Timeout(60)
class PcscdSessionTest {
    static final String READER = "Virtual PCD 00 01";
    private static final Path PCSCD_SOCKET = Path.of("/run/pcscd/pcscd.comm");

    private DaemonFixture f;
    private VpcdCard vpcd;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(PCSCD_SOCKET), "pcscd is not running (" + PCSCD_SOCKET + " missing): skipped");
        awaitEmptySlot();
        List<Path> roots = TestPki.get().exportRoots(dir);
        DaemonConfig config = DaemonConfig.defaults().withPort(0).withBackend(BackendKind.JNA)
                .withReaders(new ReaderFilter(List.of(READER), List.of()))
                .withTrustAnchors(List.of(roots.get(0).toString()));
        f = new DaemonFixture(DaemonSettings.production(config));
        vpcd = VpcdCard.forSlot(1);
        vpcd.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (vpcd != null) {
            vpcd.close();
            awaitEmptySlot();
        }
        if (f != null) {
            f.close();
        }
    }

    /**
     * Waits until pcscd shows the slot empty, so that a card taken away by an earlier test is not
     * seen as present by a new daemon (vpcd reports a removal a few hundred milliseconds late).
     */
    private static void awaitEmptySlot() throws Exception {
        try (ReaderBackend pcsc = new JnaReaderBackend()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            List<ReaderState> known = pcsc.readers();
            while (known.stream().anyMatch(r -> r.name().equals(READER) && r.cardPresent())) {
                long left = deadline - System.nanoTime();
                assertTrue(left > 0, READER + " still shows a card");
                known = pcsc.awaitChange(known, Duration.ofNanos(left));
            }
        }
    }

    private JsonNode place(WsTestClient c, String profile) throws Exception {
        vpcd.insert(Profiles.create(profile));
        assertTrue(vpcd.awaitConnected(Duration.ofSeconds(5)), "vpcd accepted the card");
        return c.await(sessionIn(READER, "choose_mode"));
    }

    @Test
    void pinModeVerifiesThroughPcscdWithASignatureTheJsonProves() throws Exception {
        WsTestClient kiosk = f.client("kiosk");
        JsonNode choose = place(kiosk, "default");
        String session = choose.path("session").asText();
        assertEquals("[\"face\",\"pin\"]", choose.path("allowedModes").toString(),
                "the built-in face engine in production (PcscdFaceTest takes that path)");
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "pin");
        f.submitPin(kiosk, session, "1234");
        JsonNode result = kiosk.await(resultOf(session));
        assertEquals("verified", result.path("outcome").asText(), result::toString);
        assertEquals("pin", result.path("method").asText());
        assertEquals("valid", result.path("certificate").path("chain").asText(), "chains to the configured root");
        SessionFlowTest.assertSignatureVerifies(result);
        assertEquals("jna", WsTestClient.JSON.readTree(f.get("/health")).path("backend").asText());

        vpcd.remove();
        kiosk.await(readerEvent(READER).and(m -> m.path("card").isNull()));
    }

    @Test
    void aWrongPinThenRemovalAbortsAndTheCounterIsHonest() throws Exception {
        WsTestClient kiosk = f.client("kiosk");
        String session = place(kiosk, "default").path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "pin");
        f.submitPin(kiosk, session, "9876");
        JsonNode wrong = kiosk.await(sessionState(session, "pin_entry")
                .and(m -> m.path("pin").path("retriesLeft").asInt() == 2));
        assertTrue(wrong.path("message").path("ja").asText().contains("残り2回"), wrong::toString);
        vpcd.remove();
        JsonNode result = kiosk.await(resultOf(session));
        assertEquals("aborted", result.path("outcome").asText());
        assertEquals("card_removed", result.path("reason").asText());
    }
}
