package org.madoguchi.driver.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReaderMonitorDiffTest {
    private static final ReaderState EMPTY_A = ReaderState.empty("A");
    private static final ReaderState CARD_A = new ReaderState("A", true, "3B00");

    @Test
    void appearingReaderWithCardGivesAttachThenInsert() {
        assertEquals(List.of(new ReaderEvent.ReaderAttached("A"), new ReaderEvent.CardInserted("A", "3B00")),
                ReaderMonitor.diff(List.of(), List.of(CARD_A)));
    }

    @Test
    void vanishingReaderWithCardGivesRemoveThenDetach() {
        assertEquals(List.of(new ReaderEvent.CardRemoved("A"), new ReaderEvent.ReaderDetached("A")),
                ReaderMonitor.diff(List.of(CARD_A), List.of()));
    }

    @Test
    void insertAndRemove() {
        assertEquals(List.of(new ReaderEvent.CardInserted("A", "3B00")),
                ReaderMonitor.diff(List.of(EMPTY_A), List.of(CARD_A)));
        assertEquals(List.of(new ReaderEvent.CardRemoved("A")),
                ReaderMonitor.diff(List.of(CARD_A), List.of(EMPTY_A)));
        assertEquals(List.of(), ReaderMonitor.diff(List.of(CARD_A), List.of(CARD_A)));
    }

    @Test
    void swappedCardIsRemoveThenInsert() {
        ReaderState other = new ReaderState("A", true, "3B11");
        assertEquals(List.of(new ReaderEvent.CardRemoved("A"), new ReaderEvent.CardInserted("A", "3B11")),
                ReaderMonitor.diff(List.of(CARD_A), List.of(other)));
    }

    @Test
    void sameAtrButNewCardEventCountIsASwap() {
        ReaderState first = new ReaderState("A", true, "3B00", 3);
        ReaderState second = new ReaderState("A", true, "3B00", 5);
        assertEquals(List.of(new ReaderEvent.CardRemoved("A"), new ReaderEvent.CardInserted("A", "3B00")),
                ReaderMonitor.diff(List.of(first), List.of(second)));
    }
}
