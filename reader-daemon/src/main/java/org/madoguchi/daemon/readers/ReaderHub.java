package org.madoguchi.daemon.readers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.madoguchi.daemon.config.ReaderFilter;
import org.madoguchi.daemon.readers.ReaderStatus.CardStatus;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pcsc.ReaderEvent;
import org.madoguchi.driver.pcsc.ReaderMonitor;
import org.madoguchi.driver.pcsc.ReaderState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the state of every reader and tells listeners about each change. A {@link ReaderMonitor}
 * feeds it events; card I/O runs on one single-thread worker per reader, never on the caller's
 * thread. Changes are published under one lock, so every listener sees every change in one order.
 *
 * <p>Reader and card removal are published at once, from the monitor thread. An identification
 * that finishes after its card was removed is dropped: each card presence has a generation number.
 */
public final class ReaderHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReaderHub.class);

    private final ReaderBackend backend;
    private final ReaderFilter filter;
    private final CardIdentifier identifier;
    private final ReaderMonitor monitor;
    private final Object lock = new Object();
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final List<ReaderListener> listeners = new ArrayList<>();
    private boolean closed;

    /** One attached reader: its worker and what clients have been told. */
    private static final class Slot {
        final ExecutorService worker;
        ReaderStatus status;
        long generation;
        int identifying;
        boolean cardSeen;

        Slot(String name) {
            this.status = ReaderStatus.empty(name);
            this.worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "reader-worker[" + name + "]");
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** A registration made by {@link #subscribe}; closing it stops the events. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Something run by {@link #holdingEvents} with no reader change published meanwhile. */
    @FunctionalInterface
    public interface HeldAction<E extends Exception> {
        void run() throws E;
    }

    public ReaderHub(ReaderBackend backend, ReaderFilter filter) {
        this.backend = Objects.requireNonNull(backend);
        this.filter = Objects.requireNonNull(filter);
        this.identifier = new CardIdentifier(backend, CardLayout.RSA_2016);
        this.monitor = new ReaderMonitor(backend, this::onEvent);
    }

    public void start() {
        monitor.start();
    }

    /** The back-end's short name ({@code jdk}, {@code simulated}, …). */
    public String backendId() {
        return backend.id();
    }

    /** The current state of every attached reader, in the order they appeared. */
    public List<ReaderStatus> snapshot() {
        synchronized (lock) {
            return snapshotLocked();
        }
    }

    /**
     * Registers a listener. {@code onSnapshot} gets the state at the moment of registration, before
     * any change is passed to the listener, so that nothing is missed or seen twice. Both run with
     * the hub's lock held and must not block.
     */
    public Subscription subscribe(ReaderListener listener, Consumer<List<ReaderStatus>> onSnapshot) {
        Objects.requireNonNull(listener);
        synchronized (lock) {
            onSnapshot.accept(snapshotLocked());
            listeners.add(listener);
        }
        return () -> {
            synchronized (lock) {
                listeners.remove(listener);
            }
        };
    }

    /**
     * Runs an action while no reader change can be published, e.g. a simulator command followed by
     * its reply, so that the reply reaches the client before the change it causes.
     */
    public <E extends Exception> void holdingEvents(HeldAction<E> action) throws E {
        synchronized (lock) {
            action.run();
        }
    }

    /**
     * Waits until the readers the back-end lists now are attached here and their cards are
     * identified, or the timeout passes. Used at start-up, so that the first clients see a settled
     * state. Returns at once when the back-end cannot list readers (e.g. no PC/SC service).
     */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        List<ReaderState> expected;
        try {
            expected = backend.readers().stream().filter(r -> filter.accepts(r.name())).toList();
        } catch (PcscException e) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!settled(expected)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    private boolean settled(List<ReaderState> expected) {
        for (ReaderState r : expected) {
            Slot slot = slots.get(r.name());
            if (slot == null || (r.cardPresent() && !slot.cardSeen)) {
                return false;
            }
        }
        return slots.values().stream().allMatch(s -> s.identifying == 0);
    }

    private List<ReaderStatus> snapshotLocked() {
        return slots.values().stream().map(s -> s.status).toList();
    }

    /** Runs on the monitor thread. */
    private void onEvent(ReaderEvent event) {
        if (!filter.accepts(event.reader())) {
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (event instanceof ReaderEvent.ReaderAttached e) {
                attach(e.reader());
            } else if (event instanceof ReaderEvent.CardInserted e) {
                cardInserted(e.reader(), e.atrHex());
            } else if (event instanceof ReaderEvent.CardRemoved e) {
                cardRemoved(e.reader());
            } else if (event instanceof ReaderEvent.ReaderDetached e) {
                detach(e.reader());
            }
            lock.notifyAll();
        }
    }

    private void attach(String reader) {
        Slot old = slots.remove(reader);
        if (old != null) {
            old.worker.shutdownNow();
        }
        Slot slot = new Slot(reader);
        slots.put(reader, slot);
        log.info("reader attached: '{}'", reader);
        publishLocked(slot.status);
    }

    private void cardInserted(String reader, String atrHex) {
        Slot slot = slots.get(reader);
        if (slot == null) {
            return;
        }
        long generation = ++slot.generation;
        slot.cardSeen = true;
        slot.identifying++;
        try {
            slot.worker.execute(() -> identify(reader, slot, atrHex, generation));
        } catch (RejectedExecutionException e) {
            slot.identifying--;
        }
    }

    private void cardRemoved(String reader) {
        Slot slot = slots.get(reader);
        if (slot == null) {
            return;
        }
        slot.generation++;
        if (slot.status.card().isPresent()) {
            slot.status = ReaderStatus.empty(reader);
            publishLocked(slot.status);
        }
        log.info("reader '{}': card removed", reader);
    }

    private void detach(String reader) {
        Slot slot = slots.remove(reader);
        if (slot == null) {
            return;
        }
        slot.generation++;
        slot.worker.shutdown();
        log.info("reader detached: '{}'", reader);
        publishLocked(ReaderStatus.detached(reader));
    }

    /** Runs on the reader's worker thread. */
    private void identify(String reader, Slot slot, String atrHex, long generation) {
        CardStatus card = null;
        try {
            synchronized (lock) {
                if (closed || slot.generation != generation) {
                    return;
                }
            }
            card = identifier.identify(reader, atrHex);
        } finally {
            synchronized (lock) {
                slot.identifying--;
                if (card != null && !closed && slots.get(reader) == slot && slot.generation == generation) {
                    slot.status = new ReaderStatus(reader, true, Optional.of(card));
                    publishLocked(slot.status);
                }
                lock.notifyAll();
            }
        }
    }

    private void publishLocked(ReaderStatus status) {
        for (ReaderListener listener : List.copyOf(listeners)) {
            try {
                listener.onReader(status);
            } catch (RuntimeException e) {
                log.error("reader listener failed", e);
            }
        }
    }

    /** Stops the monitor and the workers. The back-end is the caller's to close. */
    @Override
    public void close() {
        monitor.close();
        List<ExecutorService> workers;
        synchronized (lock) {
            closed = true;
            listeners.clear();
            workers = slots.values().stream().map(s -> s.worker).toList();
            slots.clear();
            lock.notifyAll();
        }
        for (ExecutorService worker : workers) {
            worker.shutdownNow();
        }
        for (ExecutorService worker : workers) {
            try {
                if (!worker.awaitTermination(2, TimeUnit.SECONDS)) {
                    log.warn("a reader worker did not stop within 2 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
