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
    private final float[] weights;
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
        this.weights = new float[k * outChannels];
        for (int ky = 0; ky < kernel; ky++) {
            for (int kx = 0; kx < kernel; kx++) {
                for (int ci = 0; ci < inChannels; ci++) {
                    int kIndex = (ci * kernel + ky) * kernel + kx;
                    int src = ((ky * kernel + kx) * inChannels + ci) * outChannels;
                    for (int co = 0; co < outChannels; co++) {
                        float v = hwio[src + co];
                        if (layout == Layout.PIXELS_INNER) {
                            weights[co * k + kIndex] = v;
                        } else {
                            weights[kIndex * outChannels + co] = v;
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
                int i = layout == Layout.PIXELS_INNER ? co * k + kk : kk * outChannels + co;
                weights[i] *= scale[co];
            }
            bias[co] = bias[co] * scale[co] + shift[co];
        }
        return this;
    }

    Tensor forward(Tensor in, Activation act, Parallel par) {
        if (in.channels != inChannels) {
            throw new IllegalArgumentException("convolution input has the wrong channel count");
        }
        int oh = padding.outSize(in.height, kernel, stride);
        int ow = padding.outSize(in.width, kernel, stride);
        Tensor out = new Tensor(outChannels, oh, ow);
        if (layout == Layout.PIXELS_INNER) {
            forwardPixelsInner(in, out, act, par);
        } else {
            forwardChannelsInner(in, out, act, par);
        }
        return out;
    }

    private void forwardPixelsInner(Tensor in, Tensor out, Activation act, Parallel par) {
        int k = kernel * kernel * inChannels;
        int ow = out.width;
        int plane = out.plane();
        int rowsPerBand = Math.max(1, Math.min(out.height, BAND_FLOATS / Math.max(1, k * ow)));
        int bands = (out.height + rowsPerBand - 1) / rowsPerBand;
        boolean direct = kernel == 1 && stride == 1;
        par.forRange(bands, 1, (from, to) -> {
            float[] col = direct ? null : new float[k * rowsPerBand * ow];
            for (int band = from; band < to; band++) {
                int y0 = band * rowsPerBand;
                int y1 = Math.min(out.height, y0 + rowsPerBand);
                int pixels = (y1 - y0) * ow;
                int p0 = y0 * ow;
                for (int co = 0; co < outChannels; co++) {
                    java.util.Arrays.fill(out.data, co * plane + p0, co * plane + p0 + pixels, bias[co]);
                }
                if (direct) {
                    Gemm.multiplyAdd(outChannels, pixels, k, weights, 0, k, in.data, p0, in.plane(), out.data, p0,
                            plane);
                } else {
                    im2col(in, y0, y1, ow, col, pixels, false);
                    Gemm.multiplyAdd(outChannels, pixels, k, weights, 0, k, col, 0, pixels, out.data, p0, plane);
                }
                for (int co = 0; co < outChannels; co++) {
                    act.apply(out.data, co * plane + p0, co * plane + p0 + pixels);
                }
            }
        });
    }

    private void forwardChannelsInner(Tensor in, Tensor out, Activation act, Parallel par) {
        int k = kernel * kernel * inChannels;
        int pixels = out.plane();
        float[] col = new float[pixels * k];
        im2col(in, 0, out.height, out.width, col, pixels, true);
        float[] t = new float[pixels * outChannels];
        for (int p = 0; p < pixels; p++) {
            System.arraycopy(bias, 0, t, p * outChannels, outChannels);
        }
        par.forRange(outChannels, 32, (from, to) ->
                Gemm.multiplyAdd(pixels, to - from, k, col, 0, k, weights, from, outChannels, t, from, outChannels));
        for (int p = 0; p < pixels; p++) {
            for (int co = 0; co < outChannels; co++) {
                out.data[co * pixels + p] = t[p * outChannels + co];
            }
        }
        act.apply(out.data, 0, out.data.length);
    }

    /**
     * Fills the patch matrix for output rows {@code [y0, y1)}: row {@code (ci·kh + ky)·kw + kx},
     * column = pixel within the band; or its transpose when {@code transposed}. Taps outside the
     * input are zero.
     */
    private void im2col(Tensor in, int y0, int y1, int ow, float[] col, int pixels, boolean transposed) {
        int k = kernel * kernel * inChannels;
        int padTop = padding.padBefore(in.height, kernel, stride);
        int padLeft = padding.padBefore(in.width, kernel, stride);
        for (int ci = 0; ci < inChannels; ci++) {
            int planeOff = ci * in.plane();
            for (int ky = 0; ky < kernel; ky++) {
                for (int kx = 0; kx < kernel; kx++) {
                    int row = (ci * kernel + ky) * kernel + kx;
                    int dx = kx - padLeft;
                    int oxFirst = Math.max(0, ceilDiv(-dx, stride));
                    int oxEnd = Math.min(ow, ceilDiv(in.width - dx, stride));
                    for (int oy = y0; oy < y1; oy++) {
                        int iy = oy * stride + ky - padTop;
                        int p = (oy - y0) * ow;
                        if (transposed) {
                            for (int ox = 0; ox < ow; ox++) {
                                boolean inside = iy >= 0 && iy < in.height && ox >= oxFirst && ox < oxEnd;
                                col[(p + ox) * k + row] = inside
                                        ? in.data[planeOff + iy * in.width + ox * stride + dx] : 0f;
                            }
                            continue;
                        }
                        int dst = row * pixels + p;
                        if (iy < 0 || iy >= in.height || oxFirst >= oxEnd) {
                            java.util.Arrays.fill(col, dst, dst + ow, 0f);
                            continue;
                        }
                        java.util.Arrays.fill(col, dst, dst + oxFirst, 0f);
                        java.util.Arrays.fill(col, dst + oxEnd, dst + ow, 0f);
                        int src = planeOff + iy * in.width + dx;
                        if (stride == 1) {
                            System.arraycopy(in.data, src + oxFirst, col, dst + oxFirst, oxEnd - oxFirst);
                        } else {
                            for (int ox = oxFirst; ox < oxEnd; ox++) {
                                col[dst + ox] = in.data[src + ox * stride];
                            }
                        }
                    }
                }
            }
        }
    }

    static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
