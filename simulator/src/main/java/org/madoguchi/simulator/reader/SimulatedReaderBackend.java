package org.madoguchi.simulator.reader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.Disposition;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.simulator.card.VirtualCard;

/**
 * In-process readers named {@code Simulated Reader 0}, {@code Simulated Reader 1}, …, into which
 * any thread may insert {@link VirtualCard}s and take them out again. Behaves like PC/SC where it
 * matters to callers: connections die with the card ({@code CARD_REMOVED}) or the reader
 * ({@code READER_REMOVED}); other connections see {@code CARD_RESET} after a reset or power-down;
 * exclusive share mode and transactions exclude other connections ({@code SHARING_VIOLATION};
 * {@link CardConnection#beginTransaction()} waits for the holder). Thread-safe.
 */
public final class SimulatedReaderBackend implements ReaderBackend {
    public static final String ID = "simulated";
    public static final String NAME_PREFIX = "Simulated Reader ";

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled on every reader or card change, on cancel and on close. */
    private final Condition changed = lock.newCondition();
    /** Signalled when a transaction ends or its holder goes away. */
    private final Condition transactionFreed = lock.newCondition();
    private final Map<String, ReaderSlot> slots = new LinkedHashMap<>();
    private int nextIndex;
    private long cancels;
    private boolean closed;

    /** A back-end with no readers; add them with {@link #addReader()}. */
    public SimulatedReaderBackend() {
    }

    /** A back-end with {@code readers} empty readers attached. */
    public SimulatedReaderBackend(int readers) {
        for (int i = 0; i < readers; i++) {
            addReader();
        }
    }

    @Override
    public String id() {
        return ID;
    }

    /** Attaches a new empty reader and returns its name. */
    public String addReader() {
        lock.lock();
        try {
            String name = NAME_PREFIX + nextIndex++;
            slots.put(name, new ReaderSlot(name));
            changed.signalAll();
            return name;
        } finally {
            lock.unlock();
        }
    }

    /** Detaches a reader (unplugged); its card goes with it. Returns false for an unknown reader. */
    public boolean removeReader(String reader) {
        lock.lock();
        try {
            ReaderSlot slot = slots.remove(reader);
            if (slot == null) {
                return false;
            }
            takeCardOut(slot);
            slot.attached = false;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    public boolean hasReader(String reader) {
        lock.lock();
        try {
            return slots.containsKey(reader);
        } finally {
            lock.unlock();
        }
    }

    /** The card in a reader, if any. */
    public Optional<VirtualCard> card(String reader) {
        lock.lock();
        try {
            ReaderSlot slot = slots.get(reader);
            return slot == null ? Optional.empty() : Optional.ofNullable(slot.card);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Places a card in a reader, replacing (removing) any card already there. The card stays
     * unpowered until a connection needs it.
     *
     * @throws IllegalArgumentException for an unknown reader
     */
    public void insert(String reader, VirtualCard card) {
        Objects.requireNonNull(card);
        lock.lock();
        try {
            ReaderSlot slot = existing(reader);
            takeCardOut(slot);
            slot.card = card;
            slot.presence++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the card out of a reader; returns false when there was none. Open connections fail
     * with {@code CARD_REMOVED} from now on.
     *
     * @throws IllegalArgumentException for an unknown reader
     */
    public boolean remove(String reader) {
        lock.lock();
        try {
            ReaderSlot slot = existing(reader);
            boolean had = slot.card != null;
            takeCardOut(slot);
            changed.signalAll();
            return had;
        } finally {
            lock.unlock();
        }
    }

    private ReaderSlot existing(String reader) {
        ReaderSlot slot = slots.get(reader);
        if (slot == null) {
            throw new IllegalArgumentException("unknown reader: " + reader);
        }
        return slot;
    }

    /** The card left the field by itself (an injected link drop): out it goes, unless already out. */
    void cardLeft(SimulatedConnection c, VirtualCard card) {
        lock.lock();
        try {
            ReaderSlot slot = c.slot();
            if (slot.attached && slot.card == card && slot.presence == c.presence()) {
                takeCardOut(slot);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock. */
    private void takeCardOut(ReaderSlot slot) {
        if (slot.card == null) {
            return;
        }
        slot.card.powerOff(); // leaving the field clears every security status
        slot.card = null;
        slot.presence++;
        slot.powered = false;
        slot.connections.clear();
        slot.transactionOwner = null;
        transactionFreed.signalAll();
    }

    @Override
    public List<ReaderState> readers() throws PcscException {
        lock.lock();
        try {
            checkOpen();
            return snapshot();
        } finally {
            lock.unlock();
        }
    }

    private List<ReaderState> snapshot() {
        List<ReaderState> list = new ArrayList<>(slots.size());
        for (ReaderSlot slot : slots.values()) {
            list.add(slot.state());
        }
        return List.copyOf(list);
    }

    @Override
    public List<ReaderState> awaitChange(List<ReaderState> known, Duration timeout) throws PcscException {
        Objects.requireNonNull(known);
        long remaining = nanos(timeout);
        lock.lock();
        try {
            checkOpen();
            long cancelsAtStart = cancels;
            while (true) {
                List<ReaderState> now = snapshot();
                if (!now.equals(known) || cancels != cancelsAtStart || remaining <= 0 || closed) {
                    return now;
                }
                try {
                    remaining = changed.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return snapshot();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private static long nanos(Duration d) {
        try {
            return Math.max(0, d.toNanos());
        } catch (ArithmeticException e) {
            return d.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }

    @Override
    public void cancelWait() {
        lock.lock();
        try {
            cancels++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CardConnection connect(String reader, ShareMode shareMode) throws PcscException {
        Objects.requireNonNull(shareMode);
        lock.lock();
        try {
            checkOpen();
            ReaderSlot slot = slots.get(reader);
            if (slot == null) {
                throw new PcscException(PcscError.READER_REMOVED, "no such reader: " + reader);
            }
            if (slot.card == null) {
                throw new PcscException(PcscError.CARD_REMOVED, "no card in " + reader);
            }
            if (slot.hasExclusiveConnection()
                    || (shareMode == ShareMode.EXCLUSIVE && !slot.connections.isEmpty())) {
                throw new PcscException(PcscError.SHARING_VIOLATION, "the card in " + reader + " is in use");
            }
            if (!slot.powered) {
                slot.card.powerOn();
                slot.powered = true;
            }
            SimulatedConnection c = new SimulatedConnection(this, slot, shareMode == ShareMode.EXCLUSIVE);
            slot.connections.add(c);
            return c;
        } finally {
            lock.unlock();
        }
    }

    // ---- used by SimulatedConnection -------------------------------------------------------------

    /**
     * Checks that {@code c} may talk to its card now and returns the card, powered. Throws the
     * error a PC/SC handle would see. {@code io} is true for APDUs and control commands, which
     * another connection's transaction blocks.
     */
    VirtualCard cardFor(SimulatedConnection c, boolean io) throws PcscException {
        lock.lock();
        try {
            ReaderSlot slot = validate(c);
            if (io && slot.transactionOwner != null && slot.transactionOwner != c) {
                throw new PcscException(PcscError.SHARING_VIOLATION, "another connection holds a transaction");
            }
            if (!slot.powered) {
                slot.card.powerOn();
                slot.powered = true;
            }
            return slot.card;
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock. */
    private ReaderSlot validate(SimulatedConnection c) throws PcscException {
        checkOpen();
        if (c.isDisconnected()) {
            throw new PcscException(PcscError.TRANSPORT, "connection already closed");
        }
        ReaderSlot slot = c.slot();
        if (!slot.attached) {
            throw new PcscException(PcscError.READER_REMOVED, "reader " + slot.name + " was removed");
        }
        if (slot.presence != c.presence() || slot.card == null) {
            throw new PcscException(PcscError.CARD_REMOVED, "the card was removed from " + slot.name);
        }
        if (slot.resets != c.resetsSeen()) {
            c.resetsSeen(slot.resets); // reported once, as PC/SC does
            throw new PcscException(PcscError.CARD_RESET, "the card in " + slot.name + " was reset");
        }
        return slot;
    }

    void beginTransaction(SimulatedConnection c) throws PcscException {
        lock.lock();
        try {
            while (true) {
                ReaderSlot slot = validate(c);
                if (slot.transactionOwner == null || slot.transactionOwner == c) {
                    slot.transactionOwner = c;
                    return;
                }
                transactionFreed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    void endTransaction(SimulatedConnection c) throws PcscException {
        lock.lock();
        try {
            ReaderSlot slot = validate(c);
            if (slot.transactionOwner != c) {
                throw new PcscException(PcscError.TRANSPORT, "no transaction to end");
            }
            slot.transactionOwner = null;
            transactionFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends a connection; the disposition applies only while the card is still the same. */
    void disconnect(SimulatedConnection c, Disposition disposition) {
        lock.lock();
        try {
            ReaderSlot slot = c.slot();
            slot.connections.remove(c);
            if (slot.transactionOwner == c) {
                slot.transactionOwner = null;
                transactionFreed.signalAll();
            }
            boolean sameCard = slot.attached && slot.card != null && slot.presence == c.presence();
            if (!sameCard || closed) {
                return;
            }
            switch (disposition) {
                case LEAVE -> {
                }
                case RESET -> {
                    slot.card.warmReset();
                    slot.powered = true;
                    slot.resets++;
                }
                case UNPOWER -> {
                    slot.card.powerOff();
                    slot.powered = false;
                    slot.resets++;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() throws PcscException {
        if (closed) {
            throw new PcscException(PcscError.NO_SERVICE, "the simulated back-end is closed");
        }
    }

    /** Releases everything: waits return, connections fail with {@code NO_SERVICE}. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            transactionFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "SimulatedReaderBackend[" + ID + "]"; // no lock here: toString must never block
    }
}
