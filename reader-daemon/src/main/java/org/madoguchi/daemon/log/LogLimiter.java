package org.madoguchi.daemon.log;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Bounds the log lines that outsiders can cause (refused hosts, wrong tokens, floods): per kind of
 * line, at most {@code perWindow} lines in each window; the rest are counted, and the next line
 * that is written says how many were left out. Thread-safe. The set of kinds is fixed by the
 * callers (constants), so it cannot grow without bound.
 */
public final class LogLimiter {
    private final int perWindow;
    private final long windowNanos;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public LogLimiter(int perWindow, long windowNanos) {
        this(perWindow, windowNanos, System::nanoTime);
    }

    LogLimiter(int perWindow, long windowNanos, LongSupplier clock) {
        if (perWindow < 1 || windowNanos <= 0) {
            throw new IllegalArgumentException("bad log limit");
        }
        this.perWindow = perWindow;
        this.windowNanos = windowNanos;
        this.clock = clock;
    }

    /** The default: 10 lines of a kind per minute. */
    public static LogLimiter standard() {
        return new LogLimiter(10, 60_000_000_000L);
    }

    /**
     * Whether a line of this kind may be written now. Empty: leave it out. Otherwise the suffix to
     * append to the line: empty, or {@code " (N similar lines left out)"}.
     */
    public java.util.Optional<String> admit(String kind) {
        Window w = windows.computeIfAbsent(kind, k -> new Window(clock.getAsLong()));
        synchronized (w) {
            long now = clock.getAsLong();
            if (now - w.start >= windowNanos) {
                w.start = now;
                w.written = 0;
            }
            if (w.written >= perWindow) {
                w.suppressed.incrementAndGet();
                return java.util.Optional.empty();
            }
            w.written++;
            long left = w.suppressed.getAndSet(0);
            return java.util.Optional.of(left == 0 ? "" : " (" + left + " similar lines left out / 同種の行を "
                    + left + " 行省略)");
        }
    }

    private static final class Window {
        long start;
        int written;
        final AtomicLong suppressed = new AtomicLong();

        Window(long start) {
            this.start = start;
        }
    }
}
