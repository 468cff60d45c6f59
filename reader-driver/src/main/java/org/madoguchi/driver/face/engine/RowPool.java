package org.madoguchi.driver.face.engine;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reusable scratch rows (im2col patches, accumulators, shifted planes) handed out per slice of work
 * and wiped when handed back: they hold values derived from a face, which must not outlive the call,
 * and reusing them spares the garbage collector most of the engine's allocation.
 */
final class RowPool {
    /** Sets kept for reuse; more can be lent at once, the extra ones are dropped when returned. */
    private static final int MAX_KEPT = 8;

    private final ConcurrentLinkedQueue<Rows> free = new ConcurrentLinkedQueue<>();

    Rows acquire() {
        Rows r = free.poll();
        return r != null ? r : new Rows();
    }

    void release(Rows r) {
        r.wipe();
        if (free.size() < MAX_KEPT) {
            free.add(r);
        }
    }

    /** One slice's rows, numbered from 0; each row grows to the longest length asked of it. */
    static final class Rows {
        private float[][] rows = new float[0][];
        private int[] dirty = new int[0];

        /** Rows {@code [first, first + n)}, each at least {@code length} long (longer rows are fine). */
        float[][] get(int first, int n, int length) {
            if (first + n > rows.length) {
                rows = Arrays.copyOf(rows, first + n);
                dirty = Arrays.copyOf(dirty, first + n);
            }
            float[][] view = new float[n][];
            for (int i = 0; i < n; i++) {
                float[] row = rows[first + i];
                if (row == null || row.length < length) {
                    row = new float[length];
                    rows[first + i] = row;
                }
                dirty[first + i] = Math.max(dirty[first + i], length);
                view[i] = row;
            }
            return view;
        }

        void wipe() {
            for (int i = 0; i < rows.length; i++) {
                if (dirty[i] > 0) {
                    Arrays.fill(rows[i], 0, dirty[i], 0f);
                    dirty[i] = 0;
                }
            }
        }
    }
}
