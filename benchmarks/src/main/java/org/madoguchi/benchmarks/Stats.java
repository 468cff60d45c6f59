package org.madoguchi.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Percentiles over nanosecond samples, printed in milliseconds. */
record Stats(int n, double median, double p10, double p90, double p99, double max) {

    static Stats of(List<Long> nanos) {
        long[] s = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(s);
        return new Stats(s.length, ms(pct(s, 50)), ms(pct(s, 10)), ms(pct(s, 90)), ms(pct(s, 99)),
                ms(s[s.length - 1]));
    }

    private static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** {@code median | p99 | p10–p90 | max} in ms. */
    String row() {
        return String.format(Locale.ROOT, "%5d | %9.3f | %9.3f | %8.3f–%-8.3f | %9.3f", n, median, p99, p10, p90, max);
    }
}
