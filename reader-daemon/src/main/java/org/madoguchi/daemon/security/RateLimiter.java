package org.madoguchi.daemon.security;

/**
 * A token bucket per connection: {@code burst} messages at once, then {@code perSecond} a second.
 * A message over the limit is refused ({@code rate_limited}); a client that keeps flooding, more
 * than {@code tolerance} refusals in a row, is to be disconnected. Not thread-safe: one connection's
 * frames arrive on one thread. Time comes in from the caller, in nanoseconds.
 */
public final class RateLimiter {
    /** What to do with one message. */
    public enum Verdict { ACCEPT, REFUSE, DISCONNECT }

    private final double perSecond;
    private final double burst;
    private final int tolerance;
    private double tokens;
    private long last;
    private int refusedInARow;
    private boolean started;

    public RateLimiter(double perSecond, int burst, int tolerance) {
        if (perSecond <= 0 || burst < 1 || tolerance < 0) {
            throw new IllegalArgumentException("bad rate limit");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.tolerance = tolerance;
        this.tokens = burst;
    }

    public Verdict onMessage(long nowNanos) {
        if (!started) {
            last = nowNanos;
            started = true;
        }
        double elapsed = Math.max(0, nowNanos - last) / 1e9;
        last = nowNanos;
        tokens = Math.min(burst, tokens + elapsed * perSecond);
        if (tokens >= 1) {
            tokens -= 1;
            refusedInARow = 0;
            return Verdict.ACCEPT;
        }
        refusedInARow++;
        return refusedInARow > tolerance ? Verdict.DISCONNECT : Verdict.REFUSE;
    }
}
