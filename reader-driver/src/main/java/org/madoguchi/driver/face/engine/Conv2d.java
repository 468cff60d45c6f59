package org.madoguchi.driver.face.engine;

/**
 * A 2-D convolution with bias over CHW tensors, by im2col and {@link Gemm}. Two layouts of the
 * same product: {@link Layout#PIXELS_INNER} ({@code out[co][p] = W[co][k] · col[k][p]}, for maps
 * with many pixels, computed in bands of rows) and {@link Layout#CHANNELS_INNER}
 * ({@code out[p][co] = colᵀ[p][k] · W[k][co]}, for small maps with many channels, transposed back).
 * The weight matrix is kept only in the layout chosen at load time. Immutable and thread-safe.
 */
final class Conv2d {
    enum Layout {
        PIXELS_INNER,
        CHANNELS_INNER
    }

    /** Floats of im2col buffer per band (about 256 KiB). */
    private static final int BAND_FLOATS = 64 * 1024;

    final int inChannels;
    final int outChannels;
    private final int kernel;
    private final int stride;
    private final Padding padding;
    private final Layout layout;
    /** PIXELS_INNER: [co][k] flat; CHANNELS_INNER: unused (empty). */
    private final float[] weights;
    /** CHANNELS_INNER: one row of output channels per k; PIXELS_INNER: empty. */
    private final float[][] weightRows;
    private final float[] bias;

    /**
     * @param hwio weights in TensorFlow's [kh][kw][in][out] order (kh == kw == kernel)
     * @param bias one per output channel
     */
    Conv2d(float[] hwio, float[] bias, int kernel, int inChannels, int outChannels, int stride, Padding padding,
            Layout layout) {
        int k = kernel * kernel * inChannels;
        if (hwio.length != k * outChannels || bias.length != outChannels) {
            throw new IllegalArgumentException("convolution weights do not fit their shape");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.layout = layout;
        this.bias = bias.clone();
        boolean pixelsInner = layout == Layout.PIXELS_INNER;
        this.weights = new float[pixelsInner ? k * outChannels : 0];
        this.weightRows = new float[pixelsInner ? 0 : k][outChannels];
        for (int ky = 0; ky < kernel; ky++) {
            for (int kx = 0; kx < kernel; kx++) {
                for (int ci = 0; ci < inChannels; ci++) {
                    int kIndex = (ci * kernel + ky) * kernel + kx;
                    int src = ((ky * kernel + kx) * inChannels + ci) * outChannels;
                    for (int co = 0; co < outChannels; co++) {
                        if (pixelsInner) {
                            weights[co * k + kIndex] = hwio[src + co];
                        } else {
                            weightRows[kIndex][co] = hwio[src + co];
                        }
                    }
                }
            }
        }
    }

    /** Multiplies output channel {@code co}'s weights by {@code scale[co]}, then sets its bias (folding a scale layer). */
    Conv2d foldScale(float[] scale, float[] shift) {
        int k = kernel * kernel * inChannels;
        for (int co = 0; co < outChannels; co++) {
            for (int kk = 0; kk < k; kk++) {
                if (layout == Layout.PIXELS_INNER) {
                    weights[co * k + kk] *= scale[co];
                } else {
                    weightRows[kk][co] *= scale[co];
                }
            }
            bias[co] = bias[co] * scale[co] + shift[co];
        }
        return this;
    }

    Tensor forward(Tensor in, Activation act, Parallel par) {
        return forward(in, act, false, par);
    }

    /**
     * @param maxPool follow with 2×2 max pooling, stride 2, TensorFlow's SAME padding, fused per band
     *                so that the full-size output is never held (pixels-inner layout only)
     */
    Tensor forward(Tensor in, Activation act, boolean maxPool, Parallel par) {
        if (in.channels != inChannels) {
            throw new IllegalArgumentException("convolution input has the wrong channel count");
        }
        int oh = padding.outSize(in.height, kernel, stride);
        int ow = padding.outSize(in.width, kernel, stride);
        if (layout == Layout.PIXELS_INNER) {
            Tensor out = maxPool ? new Tensor(outChannels, (oh + 1) / 2, (ow + 1) / 2) : new Tensor(outChannels, oh, ow);
            forwardPixelsInner(in, oh, ow, out, act, maxPool, par);
            return out;
        }
        if (maxPool) {
            throw new UnsupportedOperationException("fused pooling needs the pixels-inner layout");
        }
        Tensor out = new Tensor(outChannels, oh, ow);
        forwardChannelsInner(in, out, act, par);
        return out;
    }

    /** Bands of output rows; each band's pixels are split between threads when there are few bands. */
    private void forwardPixelsInner(Tensor in, int oh, int ow, Tensor out, Activation act, boolean pool,
            Parallel par) {
        int k = kernel * kernel * inChannels;
        int rows = Math.max(1, Math.min(oh, BAND_FLOATS / Math.max(1, k * ow)));
        int rowsPerBand = pool ? Math.max(2, rows & ~1) : rows;
        int bands = (oh + rowsPerBand - 1) / rowsPerBand;
        int bandPixels = rowsPerBand * ow;
        if (bands >= 2 * par.threads()) {
            par.forRange(bands, 1, (from, to) -> {
                RowPool.Rows scratch = par.rows().acquire();
                try {
                    float[][] col = scratch.get(0, k, bandPixels);
                    float[][] acc = scratch.get(k, outChannels, bandPixels);
                    for (int band = from; band < to; band++) {
                        int y0 = band * rowsPerBand;
                        int bandRows = Math.min(oh, y0 + rowsPerBand) - y0;
                        bandRange(in, ow, y0, col, acc, act, 0, bandRows * ow);
                        store(acc, 0, outChannels, y0, bandRows, ow, out, pool);
                    }
                } finally {
                    par.rows().release(scratch);
                }
            });
        } else {
            RowPool.Rows scratch = par.rows().acquire();
            try {
                float[][] col = scratch.get(0, k, bandPixels);
                float[][] acc = scratch.get(k, outChannels, bandPixels);
                for (int band = 0; band < bands; band++) {
                    int y0 = band * rowsPerBand;
                    int bandRows = Math.min(oh, y0 + rowsPerBand) - y0;
                    par.forRange(bandRows * ow, 64, (from, to) -> bandRange(in, ow, y0, col, acc, act, from, to));
                    par.forRange(outChannels, 8, (from, to) -> store(acc, from, to, y0, bandRows, ow, out, pool));
                }
            } finally {
                par.rows().release(scratch);
            }
        }
    }

    /** Pixels {@code [from, to)} of the band starting at output row {@code y0}, into {@code acc}, activated. */
    private void bandRange(Tensor in, int ow, int y0, float[][] col, float[][] acc, Activation act, int from, int to) {
        int k = kernel * kernel * inChannels;
        im2col(in, y0, ow, col, from, to);
        for (int co = 0; co < outChannels; co++) {
            java.util.Arrays.fill(acc[co], from, to, bias[co]);
        }
        Gemm.multiplyAdd(acc, outChannels, weights, 0, k, col, k, from, to);
        for (int co = 0; co < outChannels; co++) {
            act.apply(acc[co], from, to);
        }
    }

    /** Copies channels {@code [c0, c1)} of a finished band into {@code out}, max-pooling 2×2 if asked. */
    private static void store(float[][] acc, int c0, int c1, int y0, int bandRows, int ow, Tensor out, boolean pool) {
        int plane = out.plane();
        for (int co = c0; co < c1; co++) {
            float[] a = acc[co];
            if (!pool) {
                System.arraycopy(a, 0, out.data, co * plane + y0 * ow, bandRows * ow);
                continue;
            }
            for (int r = 0; r < bandRows; r += 2) {
                int dst = co * plane + ((y0 + r) / 2) * out.width;
                boolean twoRows = r + 1 < bandRows;
                for (int px = 0; px < out.width; px++) {
                    int x = 2 * px;
                    float m = a[r * ow + x];
                    if (x + 1 < ow) {
                        m = Math.max(m, a[r * ow + x + 1]);
                    }
                    if (twoRows) {
                        m = Math.max(m, a[(r + 1) * ow + x]);
                        if (x + 1 < ow) {
                            m = Math.max(m, a[(r + 1) * ow + x + 1]);
                        }
                    }
                    out.data[dst + px] = m;
                }
            }
        }
    }

    private void forwardChannelsInner(Tensor in, Tensor out, Activation act, Parallel par) {
        int k = kernel * kernel * inChannels;
        int pixels = out.plane();
        RowPool.Rows scratch = par.rows().acquire();
        try {
            float[] colT = scratch.get(0, 1, pixels * k)[0];
            im2colTransposed(in, out.width, colT, pixels);
            float[][] acc = scratch.get(1, pixels, outChannels);
            for (int p = 0; p < pixels; p++) {
                System.arraycopy(bias, 0, acc[p], 0, outChannels);
            }
            par.forRange(outChannels, 32,
                    (from, to) -> Gemm.multiplyAdd(acc, pixels, colT, 0, k, weightRows, k, from, to));
            for (int p = 0; p < pixels; p++) {
                for (int co = 0; co < outChannels; co++) {
                    out.data[co * pixels + p] = acc[p][co];
                }
            }
        } finally {
            par.rows().release(scratch);
        }
        act.apply(out.data, 0, out.data.length);
    }

    /**
     * Fills columns {@code [from, to)} (pixels of the band starting at output row {@code y0}) of the
     * patch rows: row {@code (ci·kh + ky)·kw + kx}. Taps outside the input are zero.
     */
    private void im2col(Tensor in, int y0, int ow, float[][] col, int from, int to) {
        int padTop = padding.padBefore(in.height, kernel, stride);
        int padLeft = padding.padBefore(in.width, kernel, stride);
        for (int ci = 0; ci < inChannels; ci++) {
            int planeOff = ci * in.plane();
            for (int ky = 0; ky < kernel; ky++) {
                for (int kx = 0; kx < kernel; kx++) {
                    float[] row = col[(ci * kernel + ky) * kernel + kx];
                    int dx = kx - padLeft;
                    int oxFirst = Math.max(0, ceilDiv(-dx, stride));
                    int oxEnd = Math.min(ow, ceilDiv(in.width - dx, stride));
                    for (int q = from; q < to; ) {
                        int r = q / ow;
                        int segEnd = Math.min(to, (r + 1) * ow);
                        int iy = (y0 + r) * stride + ky - padTop;
                        int base = r * ow; // q = base + ox
                        int a = q - base;
                        int b = segEnd - base;
                        if (iy < 0 || iy >= in.height) {
                            java.util.Arrays.fill(row, q, segEnd, 0f);
                        } else {
                            int lo = Math.max(a, Math.min(b, oxFirst));
                            int hi = Math.max(lo, Math.min(b, oxEnd));
                            java.util.Arrays.fill(row, base + a, base + lo, 0f);
                            java.util.Arrays.fill(row, base + hi, base + b, 0f);
                            int src = planeOff + iy * in.width + dx;
                            if (stride == 1) {
                                System.arraycopy(in.data, src + lo, row, base + lo, hi - lo);
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    row[base + ox] = in.data[src + ox * stride];
                                }
                            }
                        }
                        q = segEnd;
                    }
                }
            }
        }
    }

    /** The transposed patch matrix of the whole output: {@code colT[p·K + k]}. */
    private void im2colTransposed(Tensor in, int ow, float[] colT, int pixels) {
        int k = kernel * kernel * inChannels;
        int padTop = padding.padBefore(in.height, kernel, stride);
        int padLeft = padding.padBefore(in.width, kernel, stride);
        for (int p = 0; p < pixels; p++) {
            int oy = p / ow;
            int ox = p % ow;
            for (int ci = 0; ci < inChannels; ci++) {
                for (int ky = 0; ky < kernel; ky++) {
                    int iy = oy * stride + ky - padTop;
                    for (int kx = 0; kx < kernel; kx++) {
                        int ix = ox * stride + kx - padLeft;
                        boolean inside = iy >= 0 && iy < in.height && ix >= 0 && ix < in.width;
                        colT[p * k + (ci * kernel + ky) * kernel + kx] = inside
                                ? in.data[(ci * in.height + iy) * in.width + ix] : 0f;
                    }
                }
            }
        }
    }

    static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
