package org.madoguchi.simulator.reader;

import java.util.LinkedHashSet;
import java.util.Set;

import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.simulator.card.VirtualCard;

/**
 * One simulated reader and what is in it. Guarded by the back-end's lock: every field is read and
 * written only while holding it.
 */
final class ReaderSlot {
    final String name;
    /** The card in the reader, or null when empty. */
    VirtualCard card;
    /** Counts insertions; a connection belongs to one presence and fails once it changes. */
    long presence;
    /** Counts resets and power-downs made by connections; others see {@code CARD_RESET} once. */
    long resets;
    boolean powered;
    boolean attached = true;
    final Set<SimulatedConnection> connections = new LinkedHashSet<>();
    SimulatedConnection transactionOwner;

    ReaderSlot(String name) {
        this.name = name;
    }

    ReaderState state() {
        // The presence count tells a card swapped for another with the same ATR.
        return card == null ? ReaderState.empty(name)
                : new ReaderState(name, true, Hex.of(card.atr()), (int) (presence & 0x7FFFFFFF));
    }

    boolean hasExclusiveConnection() {
        return connections.stream().anyMatch(SimulatedConnection::exclusive);
    }
}
