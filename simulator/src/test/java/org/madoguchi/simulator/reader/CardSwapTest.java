package org.madoguchi.simulator.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.madoguchi.driver.pcsc.ReaderEvent;
import org.madoguchi.driver.pcsc.ReaderMonitor;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.simulator.card.Profiles;

/** A card replaced by another with the same ATR between two looks is still seen as a new card. */
class CardSwapTest {
    @Test
    void swapWithTheSameAtrIsRemoveThenInsert() throws Exception {
        try (SimulatedReaderBackend backend = new SimulatedReaderBackend(1)) {
            String reader = backend.readers().get(0).name();
            backend.insert(reader, Profiles.create("default"));
            List<ReaderState> before = backend.readers();
            backend.insert(reader, Profiles.create("pin-blocked")); // same ATR, another card
            List<ReaderState> after = backend.readers();
            assertEquals(before.get(0).atrHex(), after.get(0).atrHex(), "the two cards share an ATR");
            String atr = after.get(0).atrHex();
            assertEquals(List.of(new ReaderEvent.CardRemoved(reader), new ReaderEvent.CardInserted(reader, atr)),
                    ReaderMonitor.diff(before, after));
        }
    }
}
