package org.madoguchi.driver.face.engine;

/** A depthwise (per-channel) convolution without bias over CHW tensors. Immutable and thread-safe. */
final class DepthwiseConv {
    private final int channels;
    private final int kernel;
    private final int stride;
    private final Padding padding;
    /** [channel][ky * kernel + kx] */
    private final float[] weights;

    /** @param hwc1 weights in TensorFlow's [kh][kw][channels][1] order */
    DepthwiseConv(float[] hwc1, int kernel, int channels, int stride, Padding padding) {
        if (hwc1.length != kernel * kernel * channels) {
            throw new IllegalArgumentException("depthwise weights do not fit their shape");
        }
        this.channels = channels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weights = new float[hwc1.length];
        for (int t = 0; t < kernel * kernel; t++) {
            for (int c = 0; c < channels; c++) {
                weights[c * kernel * kernel + t] = hwc1[t * channels + c];
            }
        }
    }

    Tensor forward(Tensor in, Parallel par) {
        if (in.channels != channels) {
            throw new IllegalArgumentException("depthwise input has the wrong channel count");
        }
        int oh = padding.outSize(in.height, kernel, stride);
        int ow = padding.outSize(in.width, kernel, stride);
        int padTop = padding.padBefore(in.height, kernel, stride);
        int padLeft = padding.padBefore(in.width, kernel, stride);
        Tensor out = new Tensor(channels, oh, ow);
        boolean shifted = stride == 1 && oh == in.height && ow == in.width;
        par.forRange(channels, 4, (from, to) -> {
            RowPool.Rows scratch = par.rows().acquire();
            try {
                float[][] taps = shifted ? scratch.get(0, 4, in.plane()) : null;
                float[] acc = shifted ? scratch.get(4, 1, in.plane())[0] : null;
                for (int c = from; c < to; c++) {
                    if (shifted) {
                        channelShifted(in, out, c, padTop, padLeft, taps, acc);
                    } else {
                        channel(in, out, c, padTop, padLeft);
                    }
                }
            } finally {
                par.rows().release(scratch);
            }
        });
        return out;
    }

    /**
     * Stride 1, output as large as the input: each tap is a shifted copy of the whole plane (zeros
     * where the tap falls outside), so that the sums run as SIMD over the plane ({@link Gemm#axpy4}).
     */
    private void channelShifted(Tensor in, Tensor out, int c, int padTop, int padLeft, float[][] taps, float[] acc) {
        int plane = in.plane();
        int w = in.width;
        java.util.Arrays.fill(acc, 0, plane, 0f);
        int tapCount = kernel * kernel;
        for (int t0 = 0; t0 < tapCount; t0 += 4) {
            int n = Math.min(4, tapCount - t0);
            for (int i = 0; i < n; i++) {
                int t = t0 + i;
                int dy = t / kernel - padTop;
                int dx = t % kernel - padLeft;
                shift(in.data, c * plane, w, in.height, dy, dx, taps[i]);
            }
            float[] wt = weights;
            int base = c * tapCount + t0;
            if (n == 4) {
                Gemm.axpy4(acc, taps[0], taps[1], taps[2], taps[3], wt[base], wt[base + 1], wt[base + 2],
                        wt[base + 3], 0, plane);
            } else {
                for (int i = 0; i < n; i++) {
                    Gemm.axpy1(acc, taps[i], wt[base + i], 0, plane);
                }
            }
        }
        System.arraycopy(acc, 0, out.data, c * plane, plane);
    }

    /** {@code dst[y·w + x] = src[off + (y+dy)·w + (x+dx)]}, or 0 where that falls outside the plane. */
    private static void shift(float[] src, int off, int w, int h, int dy, int dx, float[] dst) {
        int plane = w * h;
        int delta = dy * w + dx;
        int from = Math.max(0, -delta);
        int to = Math.min(plane, plane - delta);
        java.util.Arrays.fill(dst, 0, from, 0f);
        System.arraycopy(src, off + from + delta, dst, from, to - from);
        java.util.Arrays.fill(dst, to, plane, 0f);
        if (dx != 0) {
            for (int y = 0; y < h; y++) {
                int row = y * w;
                if (dx < 0) {
                    java.util.Arrays.fill(dst, row, row + Math.min(w, -dx), 0f);
                } else {
                    java.util.Arrays.fill(dst, row + Math.max(0, w - dx), row + w, 0f);
                }
            }
        }
    }

    private void channel(Tensor in, Tensor out, int c, int padTop, int padLeft) {
        int inOff = c * in.plane();
        int outOff = c * out.plane();
        int ow = out.width;
        for (int oy = 0; oy < out.height; oy++) {
            int dst = outOff + oy * ow;
            for (int ky = 0; ky < kernel; ky++) {
                int iy = oy * stride + ky - padTop;
                if (iy < 0 || iy >= in.height) {
                    continue;
                }
                int srcRow = inOff + iy * in.width;
                for (int kx = 0; kx < kernel; kx++) {
                    float w = weights[(c * kernel + ky) * kernel + kx];
                    int dx = kx - padLeft;
                    int first = Math.max(0, Conv2d.ceilDiv(-dx, stride));
                    int end = Math.min(ow, Conv2d.ceilDiv(in.width - dx, stride));
                    if (stride == 1) {
                        int src = srcRow + dx;
                        for (int ox = first; ox < end; ox++) {
                            out.data[dst + ox] += w * in.data[src + ox];
                        }
                    } else {
                        for (int ox = first; ox < end; ox++) {
                            out.data[dst + ox] += w * in.data[srcRow + ox * stride + dx];
                        }
                    }
                }
            }
        }
    }
}
