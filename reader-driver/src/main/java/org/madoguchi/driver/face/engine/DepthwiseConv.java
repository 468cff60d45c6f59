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
        par.forRange(channels, 4, (from, to) -> {
            for (int c = from; c < to; c++) {
                channel(in, out, c, padTop, padLeft);
            }
        });
        return out;
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
