package org.madoguchi.daemon.security;

import java.util.HashMap;
import java.util.Map;

/**
 * Slows down token guessing. Every {@code hello} whose token matches no client spends one try from
 * a bucket for the whole daemon and one from a bucket for its source address; while either is empty
 * a token is not even checked (the {@code hello} is refused with {@code rate_limited} and the
 * connection closed). A daemon on loopback sees every local program as one source, so the global
 * bucket is what bounds a local attacker; the per-source bucket keeps one LAN host (with a
 * non-loopback {@code listen}) from starving the others. Thread-safe; time comes from the caller.
 */
public final class AuthThrottle {
    /** Failed tries the daemon allows at once, and per second after that. */
    public static final int GLOBAL_BURST = 20;
    public static final double GLOBAL_PER_SECOND = 5;
    /** The same per source address. */
    public static final int SOURCE_BURST = 10;
    public static final double SOURCE_PER_SECOND = 2;
    /** Sources remembered at once; beyond that the fullest buckets are forgotten. */
    static final int MAX_SOURCES = 1024;

    private final Bucket global = new Bucket(GLOBAL_BURST, GLOBAL_PER_SECOND);
    private final Map<String, Bucket> sources = new HashMap<>();

    /** Whether a token from this source may be checked now. */
    public synchronized boolean mayTry(String source, long nowNanos) {
        Bucket s = sources.get(source);
        return global.available(nowNanos) >= 1 && (s == null || s.available(nowNanos) >= 1);
    }

    /** A token from this source matched no client. */
    public synchronized void failed(String source, long nowNanos) {
        global.take(nowNanos);
        Bucket s = sources.get(source);
        if (s == null) {
            if (sources.size() >= MAX_SOURCES) {
                sources.values().removeIf(b -> b.available(nowNanos) >= b.burst);
                if (sources.size() >= MAX_SOURCES) {
                    sources.clear();
                }
            }
            s = new Bucket(SOURCE_BURST, SOURCE_PER_SECOND);
            sources.put(source, s);
        }
        s.take(nowNanos);
    }

    private static final class Bucket {
        final double burst;
        final double perSecond;
        double tokens;
        long last = Long.MIN_VALUE;

        Bucket(double burst, double perSecond) {
            this.burst = burst;
            this.perSecond = perSecond;
            this.tokens = burst;
        }

        double available(long now) {
            if (last != Long.MIN_VALUE) {
                tokens = Math.min(burst, tokens + Math.max(0, now - last) / 1e9 * perSecond);
            }
            last = now;
            return tokens;
        }

        void take(long now) {
            tokens = Math.max(0, available(now) - 1);
        }
    }
}
