package org.madoguchi.driver.face.engine;

/** Max and average pooling over CHW tensors, with TensorFlow's output sizes and padding rules. */
final class Pooling {
    private Pooling() {
    }

    /** Max pooling; with {@link Padding#SAME} the padded positions are ignored, as in TensorFlow. */
    static Tensor max(Tensor in, int size, int stride, Padding padding, Parallel par) {
        int oh = padding.outSize(in.height, size, stride);
        int ow = padding.outSize(in.width, size, stride);
        int padTop = padding.padBefore(in.height, size, stride);
        int padLeft = padding.padBefore(in.width, size, stride);
        Tensor out = new Tensor(in.channels, oh, ow);
        par.forRange(in.channels, 4, (from, to) -> {
            for (int c = from; c < to; c++) {
                int inOff = c * in.plane();
                int outOff = c * out.plane();
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = Math.max(0, oy * stride - padTop);
                    int y1 = Math.min(in.height, oy * stride - padTop + size);
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = Math.max(0, ox * stride - padLeft);
                        int x1 = Math.min(in.width, ox * stride - padLeft + size);
                        float m = Float.NEGATIVE_INFINITY;
                        for (int y = y0; y < y1; y++) {
                            for (int x = x0; x < x1; x++) {
                                m = Math.max(m, in.data[inOff + y * in.width + x]);
                            }
                        }
                        out.data[outOff + oy * ow + ox] = m;
                    }
                }
            }
        });
        return out;
    }

    /** Average pooling without padding ({@link Padding#VALID}). */
    static Tensor average(Tensor in, int size, int stride) {
        int oh = Padding.VALID.outSize(in.height, size, stride);
        int ow = Padding.VALID.outSize(in.width, size, stride);
        Tensor out = new Tensor(in.channels, oh, ow);
        double norm = size * size;
        for (int c = 0; c < in.channels; c++) {
            int inOff = c * in.plane();
            int outOff = c * out.plane();
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double s = 0;
                    for (int y = oy * stride; y < oy * stride + size; y++) {
                        for (int x = ox * stride; x < ox * stride + size; x++) {
                            s += in.data[inOff + y * in.width + x];
                        }
                    }
                    out.data[outOff + oy * ow + ox] = (float) (s / norm);
                }
            }
        }
        return out;
    }
}
