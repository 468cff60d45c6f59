package org.madoguchi.daemon.readers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events on their way to the clients. The hub posts them in the order things happen; the outbox
 * hands them to every subscriber in one order, the same for all. An event may be <b>held</b>
 * until something completes (a {@code result} until its audit record is on disk): while it is
 * held, the later events of the same reader wait behind it, and the other readers' events go on.
 * So a slow disk delays one reader's result, never another reader's events, and each reader's
 * events still arrive in the order they happened.
 *
 * <p>A subscriber gets the events posted after it subscribed (its snapshot covers the earlier
 * ones, held or not). Answers to one client's commands ({@link #postTo}) queue behind that reader's
 * earlier events like everything else. Thread-safe; {@code send} must not block (it is called
 * under the outbox's lock).
 */
final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final LinkedList<Entry> queue = new LinkedList<>();
    private final List<Registered> subscribers = new ArrayList<>();
    private long nextSeq;

    /**
     * @param key    the reader the event belongs to; events of one key keep their order
     * @param only   the one subscriber it is for, or null for everyone
     * @param hold   delivery waits until this completes (however it completes); null: no wait
     */
    private record Entry(long seq, String key, String json, ReaderHub.Subscriber only, CompletionStage<?> hold) {
        boolean held() {
            return hold != null && !hold.toCompletableFuture().isDone();
        }
    }

    private record Registered(ReaderHub.Subscriber subscriber, long from) {
    }

    /** Registers a subscriber for the events posted from now on. */
    synchronized void subscribe(ReaderHub.Subscriber subscriber) {
        subscribers.add(new Registered(subscriber, nextSeq));
    }

    synchronized void unsubscribe(ReaderHub.Subscriber subscriber) {
        subscribers.removeIf(r -> r.subscriber() == subscriber);
    }

    /** An event for everyone. */
    void post(String key, String json) {
        add(new Entry(0, key, json, null, null));
    }

    /** An answer for one client, in its reader's order. */
    void postTo(ReaderHub.Subscriber only, String key, String json) {
        add(new Entry(0, key, json, only, null));
    }

    /**
     * An event for everyone that waits until {@code hold} completes. The stage returned completes
     * once the event has been handed on (and everything of its reader that waited behind it).
     */
    CompletionStage<Void> postHeld(String key, String json, CompletionStage<?> hold) {
        add(new Entry(0, key, json, null, hold));
        return hold.handle((v, e) -> {
            drain();
            return null;
        });
    }

    private synchronized void add(Entry e) {
        queue.add(new Entry(nextSeq++, e.key(), e.json(), e.only(), e.hold()));
        drain();
    }

    /** Hands on every event that nothing holds back. */
    synchronized void drain() {
        Set<String> blocked = new HashSet<>();
        for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (blocked.contains(e.key())) {
                continue;
            }
            if (e.held()) {
                blocked.add(e.key());
                continue;
            }
            it.remove();
            deliver(e);
        }
    }

    private void deliver(Entry e) {
        if (e.only() != null) {
            send(e.only(), e.json());
            return;
        }
        for (Registered r : subscribers) {
            if (r.from() <= e.seq()) {
                send(r.subscriber(), e.json());
            }
        }
    }

    private static void send(ReaderHub.Subscriber s, String json) {
        try {
            s.send(json);
        } catch (RuntimeException ex) {
            log.error("a subscriber failed", ex);
        }
    }

    /** Events not yet handed on. */
    synchronized int waiting() {
        return queue.size();
    }

    /** Forgets every subscriber and every event not handed on. */
    synchronized void close() {
        subscribers.clear();
        queue.clear();
    }
}
