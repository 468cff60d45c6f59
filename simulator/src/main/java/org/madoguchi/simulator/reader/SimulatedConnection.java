package org.madoguchi.simulator.reader;

import java.util.concurrent.atomic.AtomicBoolean;

import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.Disposition;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.simulator.card.LinkDroppedException;
import org.madoguchi.simulator.card.VirtualCard;

/**
 * A connection to the card in a simulated reader. Bound to one card presence: once that card is
 * removed every call fails with {@code CARD_REMOVED}, even if another card is inserted.
 */
final class SimulatedConnection implements CardConnection {
    private final SimulatedReaderBackend backend;
    private final ReaderSlot slot;
    private final boolean exclusive;
    private final long presence;
    private final byte[] atr;
    // Written under the back-end's lock.
    private volatile long resetsSeen;
    private final AtomicBoolean disconnected = new AtomicBoolean();

    /** Created by the back-end while it holds its lock. */
    SimulatedConnection(SimulatedReaderBackend backend, ReaderSlot slot, boolean exclusive) {
        this.backend = backend;
        this.slot = slot;
        this.exclusive = exclusive;
        this.presence = slot.presence;
        this.resetsSeen = slot.resets;
        this.atr = slot.card.atr();
    }

    ReaderSlot slot() {
        return slot;
    }

    long presence() {
        return presence;
    }

    long resetsSeen() {
        return resetsSeen;
    }

    void resetsSeen(long value) {
        resetsSeen = value;
    }

    boolean exclusive() {
        return exclusive;
    }

    boolean isDisconnected() {
        return disconnected.get();
    }

    @Override
    public String reader() {
        return slot.name;
    }

    @Override
    public byte[] atr() {
        return atr.clone();
    }

    @Override
    public String protocol() {
        return "T=1";
    }

    @Override
    public byte[] transceive(byte[] command) throws PcscException {
        if (command == null || command.length < 4) {
            throw new PcscException(PcscError.TRANSPORT, "a command APDU has at least 4 bytes");
        }
        VirtualCard card = backend.cardFor(this, true);
        // The card serialises its own commands; the back-end's lock is not held while it works.
        try {
            return card.process(command.clone());
        } catch (LinkDroppedException e) {
            backend.cardLeft(this, card);
            throw new PcscException(PcscError.CARD_REMOVED, "the card left the reader during the command");
        }
    }

    @Override
    public void beginTransaction() throws PcscException {
        backend.beginTransaction(this);
    }

    @Override
    public void endTransaction() throws PcscException {
        backend.endTransaction(this);
    }

    @Override
    public byte[] control(int controlCode, byte[] command) throws PcscException {
        backend.cardFor(this, true);
        throw new PcscException(PcscError.TRANSPORT, "reader control commands are not supported by simulated readers");
    }

    @Override
    public void disconnect(Disposition disposition) {
        if (disconnected.compareAndSet(false, true)) {
            backend.disconnect(this, disposition);
        }
    }

    @Override
    public void close() {
        disconnect(Disposition.LEAVE);
    }

    @Override
    public String toString() {
        return "SimulatedConnection[" + slot.name + (exclusive ? ", exclusive" : "") + (disconnected.get() ? ", closed" : "")
                + "]";
    }
}
