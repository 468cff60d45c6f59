package org.madoguchi.daemon.readers;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.madoguchi.daemon.metrics.DaemonMetrics;
import org.madoguchi.daemon.session.CardAction;
import org.madoguchi.daemon.session.Reason;
import org.madoguchi.daemon.session.SessionEvent;
import org.madoguchi.driver.card.Secret;
import org.madoguchi.driver.pcsc.Disposition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that talks to one reader's card. Steps run in order, off the network threads;
 * each has a timeout: a step that has not finished in time is reported as
 * {@link SessionEvent.StepTimedOut}, and the thread stuck in it is left behind with its own
 * connection while a fresh thread takes over the reader, so the next card works.
 */
final class CardWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CardWorker.class);

    /** Where finished steps go (the hub, which checks the presence and steps the session). */
    interface Sink {
        void done(String reader, long presence, CardSteps.Done done);
    }

    private final String reader;
    private final Supplier<CardSteps> newSteps;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final StepHook hook;
    private final DaemonMetrics metrics;
    private final Clock clock;
    private final Sink sink;
    private ExecutorService executor;
    private CardSteps steps;
    private int generation;

    CardWorker(String reader, Supplier<CardSteps> newSteps, Duration timeout, ScheduledExecutorService timer,
            StepHook hook, DaemonMetrics metrics, Clock clock, Sink sink) {
        this.reader = reader;
        this.newSteps = newSteps;
        this.timeout = timeout;
        this.timer = timer;
        this.hook = hook;
        this.metrics = metrics;
        this.clock = clock;
        this.sink = sink;
        fresh();
    }

    private void fresh() {
        generation++;
        String name = "reader-worker[" + reader + "]#" + generation;
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        steps = newSteps.get();
    }

    /**
     * Runs {@code action} for the card presence; owns {@code pin} (may be null) from here on. The
     * PIN is closed by the worker thread that used it, or by the timeout if the step never started:
     * never while a VERIFY may be reading it.
     */
    synchronized void run(long presence, CardAction action, Secret pin) {
        ExecutorService ex = executor;
        CardSteps st = steps;
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean settled = new AtomicBoolean();
        Future<?> future;
        try {
            future = ex.submit(() -> {
                if (!started.compareAndSet(false, true)) {
                    return; // timed out while queued: the timeout closed the PIN
                }
                long start = System.nanoTime();
                CardSteps.Done done;
                try {
                    hook.beforeStep(reader, action);
                    done = st.run(presence, action, pin);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close(pin);
                    return;
                }
                long nanos = System.nanoTime() - start;
                metrics.cardOperation(action.operation()).record(nanos, TimeUnit.NANOSECONDS);
                hook.afterStep(reader, action, nanos);
                if (settled.compareAndSet(false, true)) {
                    sink.done(reader, presence, done);
                } else {
                    done.discard(); // timed out: the session no longer waits for it
                }
            });
        } catch (RejectedExecutionException e) {
            close(pin);
            sink.done(reader, presence, new CardSteps.Done(new SessionEvent.StepFailed(action.step(),
                    Reason.CARD_ERROR, clock.instant()), Optional.empty()));
            return;
        }
        timer.schedule(() -> {
            if (settled.compareAndSet(false, true)) {
                log.warn("reader '{}': step {} did not finish within {} ms", reader, action.operation(),
                        timeout.toMillis());
                if (started.compareAndSet(false, true)) {
                    close(pin);
                }
                abandon(ex, st, future);
                sink.done(reader, presence, new CardSteps.Done(
                        new SessionEvent.StepTimedOut(action.step(), clock.instant()), Optional.empty()));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static void close(Secret pin) {
        if (pin != null) {
            pin.close();
        }
    }

    /** Leaves a hung thread behind: it closes its own connection when (if) its step returns. */
    private synchronized void abandon(ExecutorService hung, CardSteps hungSteps, Future<?> future) {
        if (executor != hung) {
            return;
        }
        future.cancel(true);
        try {
            hung.execute(() -> hungSteps.release(Disposition.RESET));
        } catch (RejectedExecutionException e) {
            // already shut down
        }
        hung.shutdown();
        fresh();
    }

    /** The session ended with the card still there: power it down (clears any verified state). */
    synchronized void release(long presence) {
        CardSteps st = steps;
        execute(() -> st.release(presence, Disposition.UNPOWER));
    }

    /** The card left: drop its connection. */
    synchronized void cardGone(long presence) {
        CardSteps st = steps;
        execute(() -> st.release(presence, Disposition.LEAVE));
    }

    private void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("reader '{}': worker already stopped", reader);
        }
    }

    /** Stops the thread after releasing the card. */
    @Override
    public synchronized void close() {
        CardSteps st = steps;
        execute(() -> st.release(Disposition.LEAVE));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
                log.warn("reader '{}': worker did not stop within 2 s", reader);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
