package org.madoguchi.driver.face.engine;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits a loop over {@code [0, n)} between the calling thread and a small pool of helper threads
 * owned by the engine. Tasks never wait on other tasks, so concurrent callers cannot deadlock.
 */
final class Parallel implements AutoCloseable {
    /** One slice of the loop: {@code [from, to)}. */
    @FunctionalInterface
    interface Body {
        void run(int from, int to);
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final ExecutorService helpers;
    private final RowPool rows = new RowPool();

    Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
        if (threads == 1) {
            helpers = null;
        } else {
            int pool = POOLS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            helpers = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "face-engine-" + pool + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    int threads() {
        return threads;
    }

    /** Scratch rows for the slices of this engine's work. */
    RowPool rows() {
        return rows;
    }

    /** Runs {@code body} over {@code [0, n)} in up to {@code threads} slices of at least {@code minSlice}. */
    void forRange(int n, int minSlice, Body body) {
        int parts = Math.min(threads, Math.max(1, n / Math.max(1, minSlice)));
        if (parts <= 1 || helpers == null) {
            body.run(0, n);
            return;
        }
        Future<?>[] futures = new Future<?>[parts - 1];
        for (int i = 1; i < parts; i++) {
            int from = (int) ((long) n * i / parts);
            int to = (int) ((long) n * (i + 1) / parts);
            futures[i - 1] = helpers.submit(() -> body.run(from, to));
        }
        Throwable failure = null;
        try {
            body.run(0, (int) ((long) n / parts));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the slices write into the caller's buffers: wait for them
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        if (interrupted) {
            throw new CancellationException("face engine interrupted");
        }
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }
}
