package org.madoguchi.daemon.readers;

import org.madoguchi.daemon.session.VerificationSession;

/** One attached reader as the {@link ReaderHub} keeps it; guarded by the hub's lock. */
final class ReaderSlot {
    final String name;
    final CardWorker worker;
    ReaderStatus status;
    /** Numbers each card presence (and each removal), so late results of a gone card are dropped. */
    long presence;
    /** The ATR the monitor saw, for a card that cannot be read. */
    String atr = "";
    /** The session of the current (or last) card presence; null before the first card. */
    VerificationSession session;
    /** The presence the current session began with (a lifted card's session lives on over later ones). */
    long sessionPresence;
    /** The first step of the session (reading the card), or the reading of a card put back, is still running. */
    boolean preparing;
    /** 照合番号B read off the card front while the card was lifted: waits for it to come back; else null. */
    org.madoguchi.driver.card.Secret heldCode;
    /** Names of the clients whose commands the current session accepted, for the audit record. */
    final java.util.Set<String> participants = new java.util.LinkedHashSet<>();

    /** Zeroes a held 照合番号B. */
    void dropHeldCode() {
        if (heldCode != null) {
            heldCode.close();
            heldCode = null;
        }
    }

    ReaderSlot(String name, CardWorker worker) {
        this.name = name;
        this.worker = worker;
        this.status = ReaderStatus.empty(name);
    }
}
