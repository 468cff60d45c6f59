package org.madoguchi.simulator.timeline;

/** Where a timeline puts cards: vpcd slots of the real pcscd, or in-process readers in tests. */
public interface CardSlots extends AutoCloseable {
    /** Puts the profile's card on the slot (replacing any card there). */
    void insert(int slot, String profile) throws Exception;

    /** Takes the card off the slot; nothing happens when it is empty. */
    void remove(int slot) throws Exception;

    /** Takes every card out and lets go of the slots. */
    @Override
    void close();
}
