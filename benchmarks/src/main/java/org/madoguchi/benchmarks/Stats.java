package org.madoguchi.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Order statistics of a sample, for the harness tables. */
record Stats(int n, double min, double p10, double median, double p90, double p99, double max) {
    static Stats of(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        if (v.isEmpty()) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Stats(v.size(), v.get(0), at(v, 0.10), at(v, 0.50), at(v, 0.90), at(v, 0.99), v.get(v.size() - 1));
    }

    private static double at(List<Double> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
