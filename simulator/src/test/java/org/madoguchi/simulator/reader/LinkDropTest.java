package org.madoguchi.simulator.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.PinStatus;
import org.madoguchi.driver.card.Secret;
import org.madoguchi.driver.card.VerifyOutcome;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.driver.spi.SimulationException;
import org.madoguchi.simulator.card.FaultSettings;

/** A link dropped during VERIFY, in-process: the connection fails with card_removed and the card is out. */
@Timeout(20)
class LinkDropTest {
    private static final String R0 = "Simulated Reader 0";
    private final InProcessSimulation sim = new InProcessSimulation(new SimulatedReaderBackend(1));

    @AfterEach
    void close() {
        sim.close();
    }

    private VerifyOutcome verifyWith(FaultSettings.VerifyDrop drop, String pin) throws Exception {
        sim.insert(R0, "default");
        sim.faults(R0).update(f -> f.withVerifyDrop(drop));
        try (CardConnection c = sim.backend().connect(R0, ShareMode.SHARED); Secret s = Secret.authPin(pin.toCharArray())) {
            return new MyNumberCard(c, CardLayout.RSA_2016).verifyPin(s);
        }
    }

    private PinStatus statusAfterReinsertion() throws Exception {
        sim.insert(R0, "default");
        try (CardConnection c = sim.backend().connect(R0, ShareMode.SHARED)) {
            return new MyNumberCard(c, CardLayout.RSA_2016).pinStatus();
        }
    }

    @Test
    void dropBeforeCounting() throws Exception {
        VerifyOutcome o = verifyWith(FaultSettings.VerifyDrop.BEFORE_COUNT, "9999");
        VerifyOutcome.OutcomeUnknown unknown = assertInstanceOf(VerifyOutcome.OutcomeUnknown.class, o);
        assertEquals(PcscError.CARD_REMOVED, unknown.cause());
        assertEquals(Optional.empty(), unknown.after(), "the card is gone: nothing to re-read");
        assertEquals(ReaderState.empty(R0), sim.backend().readers().get(0), "the card left the reader");
        assertTrue(sim.card(R0).isEmpty());
        assertEquals(new PinStatus.Remaining(3), statusAfterReinsertion());
    }

    @Test
    void dropAfterCounting() throws Exception {
        assertInstanceOf(VerifyOutcome.OutcomeUnknown.class, verifyWith(FaultSettings.VerifyDrop.AFTER_COUNT, "9999"));
        assertEquals(new PinStatus.Remaining(2), statusAfterReinsertion());
    }

    @Test
    void theDropIsOneShotAndPerCard() throws Exception {
        sim.insert(R0, "default");
        sim.faults(R0).update(f -> f.withVerifyDrop(FaultSettings.VerifyDrop.AFTER_COUNT));
        CardConnection c = sim.backend().connect(R0, ShareMode.SHARED);
        c.transceive(Hex.parse("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
        c.transceive(Hex.parse("00 A4 02 0C 02 00 18"));
        PcscException e = assertThrows(PcscException.class, () -> c.transceive(Hex.parse("00 20 00 80 04 31 32 33 34")));
        assertEquals(PcscError.CARD_REMOVED, e.error());
        assertEquals(PcscError.CARD_REMOVED, assertThrows(PcscException.class,
                () -> c.transceive(Hex.parse("00 20 00 80"))).error());
        assertFalse(sim.backend().readers().get(0).cardPresent());
        sim.insert(R0, "default");
        assertEquals(FaultSettings.NONE, sim.faults(R0).get(), "a card put back has no faults armed");
        assertEquals(SimulationException.Reason.NO_CARD, assertThrows(SimulationException.class, () -> {
            sim.remove(R0);
            sim.faults(R0);
        }).reason());
    }
}
