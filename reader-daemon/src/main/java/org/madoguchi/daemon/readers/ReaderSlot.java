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
    /** The first step of the session (reading the card) is still running. */
    boolean preparing;
    /** Names of the clients whose commands the current session accepted, for the audit record. */
    final java.util.Set<String> participants = new java.util.LinkedHashSet<>();

    ReaderSlot(String name, CardWorker worker) {
        this.name = name;
        this.worker = worker;
        this.status = ReaderStatus.empty(name);
    }
}
