package org.madoguchi.driver.face.engine;

/**
 * Single-precision matrix multiply-accumulate {@code C += A × B} on row-major arrays with
 * offsets and leading dimensions, so that callers can pass sub-matrices (a band of pixels, a range
 * of output channels). The innermost loop runs over contiguous columns of B and C, which HotSpot's
 * C2 compiler turns into SIMD code; blocking over N and K keeps the panel of B in cache.
 */
final class Gemm {
    private static final int N_BLOCK = 512;
    private static final int K_BLOCK = 128;

    private Gemm() {
    }

    static void multiplyAdd(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc) {
        for (int n0 = 0; n0 < n; n0 += N_BLOCK) {
            int n1 = Math.min(n, n0 + N_BLOCK);
            for (int k0 = 0; k0 < k; k0 += K_BLOCK) {
                int k1 = Math.min(k, k0 + K_BLOCK);
                for (int row = 0; row < m; row++) {
                    panel(a, aOff + row * lda, b, bOff, ldb, c, cOff + row * ldc, n0, n1, k0, k1);
                }
            }
        }
    }

    private static void panel(float[] a, int ai, float[] b, int bOff, int ldb, float[] c, int ci, int n0, int n1,
            int k0, int k1) {
        int kk = k0;
        for (; kk + 3 < k1; kk += 4) {
            float a0 = a[ai + kk];
            float a1 = a[ai + kk + 1];
            float a2 = a[ai + kk + 2];
            float a3 = a[ai + kk + 3];
            int b0 = bOff + kk * ldb;
            int b1 = b0 + ldb;
            int b2 = b1 + ldb;
            int b3 = b2 + ldb;
            for (int j = n0; j < n1; j++) {
                c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
            }
        }
        for (; kk < k1; kk++) {
            float a0 = a[ai + kk];
            int b0 = bOff + kk * ldb;
            for (int j = n0; j < n1; j++) {
                c[ci + j] += a0 * b[b0 + j];
            }
        }
    }
}
