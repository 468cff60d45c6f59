package org.madoguchi.benchmarks;

import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * Percentiles over nanosecond samples, printed in milliseconds. The samples go into an
 * HdrHistogram (3 significant digits: every figure is within 0.1 % of the sample it stands for).
 */
record Stats(int n, double median, double p10, double p90, double p99, double max) {

    static Stats of(List<Long> nanos) {
        Histogram h = new Histogram(3);
        nanos.forEach(h::recordValue);
        return new Stats((int) h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(10)),
                ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** {@code median | p99 | p10–p90 | max} in ms. */
    String row() {
        return String.format(Locale.ROOT, "%5d | %9.3f | %9.3f | %8.3f–%-8.3f | %9.3f", n, median, p99, p10, p90, max);
    }
}
