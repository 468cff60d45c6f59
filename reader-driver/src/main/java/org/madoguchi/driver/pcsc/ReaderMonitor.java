package org.madoguchi.driver.pcsc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a {@link ReaderBackend} on its own thread and turns state changes into
 * {@link ReaderEvent}s, in order, for one listener. When the PC/SC service goes away it says so
 * ({@link ReaderEvent.ServiceChanged}), reports the readers it knew detached (for the service's
 * sake, not unplugged), and keeps retrying once a second; when the service is back it says so too.
 */
public final class ReaderMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReaderMonitor.class);
    private static final Duration WAIT = Duration.ofSeconds(1);

    private final ReaderBackend backend;
    private final Consumer<ReaderEvent> listener;
    private final Thread thread;
    private volatile boolean running = true;
    private List<ReaderState> known = List.of();

    public ReaderMonitor(ReaderBackend backend, Consumer<ReaderEvent> listener) {
        this.backend = Objects.requireNonNull(backend);
        this.listener = Objects.requireNonNull(listener);
        this.thread = new Thread(this::run, "reader-monitor-" + backend.id());
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Computes the events that lead from {@code before} to {@code after}, in a stable order. */
    public static List<ReaderEvent> diff(List<ReaderState> before, List<ReaderState> after) {
        Map<String, ReaderState> old = byName(before);
        Map<String, ReaderState> now = byName(after);
        List<ReaderEvent> events = new ArrayList<>();
        for (ReaderState gone : old.values()) {
            if (!now.containsKey(gone.name())) {
                if (gone.cardPresent()) {
                    events.add(new ReaderEvent.CardRemoved(gone.name()));
                }
                events.add(new ReaderEvent.ReaderDetached(gone.name()));
            }
        }
        for (ReaderState cur : now.values()) {
            ReaderState prev = old.get(cur.name());
            if (prev == null) {
                events.add(new ReaderEvent.ReaderAttached(cur.name()));
                if (cur.cardPresent()) {
                    events.add(new ReaderEvent.CardInserted(cur.name(), cur.atrHex()));
                }
            } else if (prev.cardPresent() && !cur.cardPresent()) {
                events.add(new ReaderEvent.CardRemoved(cur.name()));
            } else if (!prev.cardPresent() && cur.cardPresent()) {
                events.add(new ReaderEvent.CardInserted(cur.name(), cur.atrHex()));
            } else if (prev.cardPresent()
                    && (!prev.atrHex().equals(cur.atrHex()) || prev.cardEvents() != cur.cardEvents())) {
                // Another card replaced the first between two looks.
                events.add(new ReaderEvent.CardRemoved(cur.name()));
                events.add(new ReaderEvent.CardInserted(cur.name(), cur.atrHex()));
            }
        }
        return events;
    }

    private static Map<String, ReaderState> byName(List<ReaderState> states) {
        Map<String, ReaderState> map = new LinkedHashMap<>();
        for (ReaderState s : states) {
            map.put(s.name(), s);
        }
        return map;
    }

    private void run() {
        boolean fresh = true;
        boolean serviceDown = false;
        while (running) {
            try {
                List<ReaderState> now = fresh ? backend.readers() : backend.awaitChange(known, WAIT);
                fresh = false;
                if (serviceDown) {
                    log.info("PC/SC service is back ({} readers)", now.size());
                    serviceDown = false;
                    emit(new ReaderEvent.ServiceChanged(true));
                }
                publish(now);
            } catch (PcscException e) {
                if (!running) {
                    break;
                }
                if (!serviceDown) {
                    log.warn("reader monitor: {} ({}); retrying every second", e.error().code(), e.getMessage());
                    serviceDown = true;
                    emit(new ReaderEvent.ServiceChanged(false));
                    for (ReaderState r : known) {
                        emit(new ReaderEvent.ReaderDetached(r.name(), true));
                    }
                    known = List.of();
                }
                fresh = true;
                sleepQuietly(WAIT);
            } catch (RuntimeException e) {
                log.error("reader monitor: unexpected failure; retrying", e);
                fresh = true;
                sleepQuietly(WAIT);
            }
        }
    }

    private void publish(List<ReaderState> now) {
        for (ReaderEvent event : diff(known, now)) {
            emit(event);
        }
        known = List.copyOf(now);
    }

    private void emit(ReaderEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            log.error("reader event listener failed on {}", event, e);
        }
    }

    private void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        backend.cancelWait();
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
