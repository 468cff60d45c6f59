package org.madoguchi.driver.face.engine;

/**
 * face-api.js's 68-point landmark net ({@code FaceLandmark68Net}): four dense blocks of
 * depthwise-separable convolutions on a 112×112 input, 7×7 average pool, a fully connected layer
 * to 136 values (x, y of each point relative to the padded square). Immutable and thread-safe.
 */
final class LandmarkNet {
    static final int INPUT_SIZE = 112;
    static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};
    private static final int[] CHANNELS = {3, 32, 64, 128, 256};

    /** A dense block: a strided first convolution, then three separable ones fed by running sums. */
    private static final class DenseBlock {
        private final Conv2d firstConv;
        private final SeparableConv firstSeparable;
        private final SeparableConv[] rest = new SeparableConv[3];

        DenseBlock(WeightMap w, int index, Conv2d.Layout layout) throws FaceModelException {
            int in = CHANNELS[index];
            int out = CHANNELS[index + 1];
            String p = "dense" + index + "/";
            if (index == 0) {
                firstConv = new Conv2d(w.take(p + "conv0/filters", 3, 3, in, out), w.take(p + "conv0/bias", out),
                        3, in, out, 2, Padding.SAME, Conv2d.Layout.PIXELS_INNER);
                firstSeparable = null;
            } else {
                firstConv = null;
                firstSeparable = separable(w, p + "conv0/", in, out, 2, layout);
            }
            for (int i = 1; i <= 3; i++) {
                rest[i - 1] = separable(w, p + "conv" + i + "/", out, out, 1, layout);
            }
        }

        private static SeparableConv separable(WeightMap w, String p, int in, int out, int stride,
                Conv2d.Layout layout) throws FaceModelException {
            return new SeparableConv(
                    new DepthwiseConv(w.take(p + "depthwise_filter", 3, 3, in, 1), 3, in, stride, Padding.SAME),
                    new Conv2d(w.take(p + "pointwise_filter", 1, 1, in, out), w.take(p + "bias", out), 1, in, out, 1,
                            Padding.VALID, layout));
        }

        Tensor forward(Tensor x, Parallel par) {
            Tensor out1 = firstConv != null ? firstConv.forward(x, Activation.RELU, par)
                    : firstSeparable.forward(x, Activation.RELU, par);
            Tensor out2 = rest[0].forward(out1, Activation.NONE, par);
            Tensor in3 = new Tensor(out1.channels, out1.height, out1.width);
            float[] a = out1.data;
            float[] b = out2.data;
            for (int i = 0; i < a.length; i++) {
                in3.data[i] = Math.max(a[i] + b[i], 0f);
            }
            Tensor out3 = rest[1].forward(in3, Activation.NONE, par);
            float[] c = out3.data;
            Tensor in4 = in3; // reused: in3 is no longer needed
            for (int i = 0; i < a.length; i++) {
                in4.data[i] = Math.max(a[i] + (b[i] + c[i]), 0f);
            }
            Tensor out4 = rest[2].forward(in4, Activation.NONE, par);
            float[] d = out4.data;
            for (int i = 0; i < a.length; i++) {
                d[i] = Math.max(a[i] + (b[i] + (c[i] + d[i])), 0f);
            }
            out1.clear();
            out2.clear();
            out3.clear();
            in4.clear();
            return out4;
        }
    }

    private final DenseBlock[] blocks = new DenseBlock[4];
    private final float[] fcWeights;
    private final float[] fcBias;

    LandmarkNet(WeightMap w) throws FaceModelException {
        for (int i = 0; i < 4; i++) {
            // the last block works on 7×7 maps: few pixels, many channels
            blocks[i] = new DenseBlock(w, i, i == 3 ? Conv2d.Layout.CHANNELS_INNER : Conv2d.Layout.PIXELS_INNER);
        }
        fcWeights = w.take("fc/weights", 256, 136).clone();
        fcBias = w.take("fc/bias", 136).clone();
    }

    /**
     * face-api's post-processing: the raw outputs, relative to the padded square, as fractions of
     * the crop's width and height (x0, y0, x1, y1, …).
     */
    static double[] relativeToCrop(float[] raw, int cropWidth, int cropHeight) {
        double scale = (double) INPUT_SIZE / Math.max(cropWidth, cropHeight);
        double w = cropWidth * scale;
        double h = cropHeight * scale;
        double padX = w < h ? Math.abs(w - h) / 2 : 0;
        double padY = h < w ? Math.abs(w - h) / 2 : 0;
        double[] rel = new double[raw.length];
        for (int i = 0; i < raw.length; i += 2) {
            rel[i] = (raw[i] * (double) INPUT_SIZE - padX) / w;
            rel[i + 1] = (raw[i + 1] * (double) INPUT_SIZE - padY) / h;
        }
        return rel;
    }

    /** The 136 raw outputs (x0, y0, x1, y1, …), relative to the padded 112×112 square, for a 3×112×112 input. */
    float[] forward(Tensor input, Parallel par) {
        Tensor x = input;
        for (DenseBlock block : blocks) {
            Tensor next = block.forward(x, par);
            if (x != input) {
                x.clear();
            }
            x = next;
        }
        Tensor pooled = Pooling.average(x, 7, 2);
        x.clear();
        float[] out = Dense.apply(pooled.data, fcWeights, fcBias, 256, 136);
        pooled.clear();
        return out;
    }
}
