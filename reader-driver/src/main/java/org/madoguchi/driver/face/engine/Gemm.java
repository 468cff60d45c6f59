package org.madoguchi.driver.face.engine;

/**
 * Single-precision multiply-accumulate kernels written so that HotSpot's C2 (Java 17) turns their
 * inner loops into SIMD code: every array in an inner loop is a separate row indexed by the same
 * loop variable, with no per-array offset (C2 17 gives up on loops whose array references differ
 * by loop-invariant offsets, since the arrays might alias).
 */
final class Gemm {
    /** Rows of B per pass over a block of columns, to keep that block in cache. */
    private static final int K_BLOCK = 64;

    private Gemm() {
    }

    /**
     * {@code acc[m][j] += Σ_k a[aOff + m·lda + k] · b[k][j]} for {@code m < rows}, {@code k < depth}
     * and {@code j} in {@code [from, to)}.
     */
    static void multiplyAdd(float[][] acc, int rows, float[] a, int aOff, int lda, float[][] b, int depth, int from,
            int to) {
        for (int k0 = 0; k0 < depth; k0 += K_BLOCK) {
            int k1 = Math.min(depth, k0 + K_BLOCK);
            for (int m = 0; m < rows; m++) {
                float[] row = acc[m];
                int ai = aOff + m * lda;
                int k = k0;
                for (; k + 3 < k1; k += 4) {
                    axpy4(row, b[k], b[k + 1], b[k + 2], b[k + 3], a[ai + k], a[ai + k + 1], a[ai + k + 2],
                            a[ai + k + 3], from, to);
                }
                for (; k < k1; k++) {
                    axpy1(row, b[k], a[ai + k], from, to);
                }
            }
        }
    }

    /** {@code acc[j] += x0·b0[j] + x1·b1[j] + x2·b2[j] + x3·b3[j]} for j in {@code [from, to)}. */
    static void axpy4(float[] acc, float[] b0, float[] b1, float[] b2, float[] b3, float x0, float x1, float x2,
            float x3, int from, int to) {
        for (int j = from; j < to; j++) {
            acc[j] += x0 * b0[j] + x1 * b1[j] + x2 * b2[j] + x3 * b3[j];
        }
    }

    /** {@code acc[j] += x·b[j]} for j in {@code [from, to)}. */
    static void axpy1(float[] acc, float[] b, float x, int from, int to) {
        for (int j = from; j < to; j++) {
            acc[j] += x * b[j];
        }
    }
}
