package org.madoguchi.driver.face.engine;

/**
 * face-api.js's face recognition net, its port of dlib's ResNet-29 face descriptor
 * ({@code dlib_face_recognition_resnet_model_v1}): 150×150 input, residual blocks of 32, 64, 128
 * and 256 channels, global average, 256→128 projection. Each convolution's bias and following
 * scale layer are folded into its weights at load time. Immutable and thread-safe once loaded.
 */
final class RecognitionNet {
    static final int INPUT_SIZE = 150;
    static final int DESCRIPTOR_SIZE = 128;
    static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

    /** Two 3×3 convolutions; a "down" block strides the first and adds an average-pooled, zero-padded shortcut. */
    private record Residual(Conv2d conv1, Conv2d conv2, boolean down) {
    }

    private final Conv2d stem;
    private final Residual[] blocks;
    private final float[] fc;

    RecognitionNet(WeightMap w) throws FaceModelException {
        stem = conv(w, "conv32_down/", 7, 3, 32, 2, Padding.VALID, Conv2d.Layout.PIXELS_INNER);
        blocks = new Residual[] {
            residual(w, "conv32_1", 32, 32, false), residual(w, "conv32_2", 32, 32, false),
            residual(w, "conv32_3", 32, 32, false),
            residual(w, "conv64_down", 32, 64, true), residual(w, "conv64_1", 64, 64, false),
            residual(w, "conv64_2", 64, 64, false), residual(w, "conv64_3", 64, 64, false),
            residual(w, "conv128_down", 64, 128, true), residual(w, "conv128_1", 128, 128, false),
            residual(w, "conv128_2", 128, 128, false),
            residual(w, "conv256_down", 128, 256, true), residual(w, "conv256_1", 256, 256, false),
            residual(w, "conv256_2", 256, 256, false), residual(w, "conv256_down_out", 256, 256, true)};
        fc = w.take("fc", 256, DESCRIPTOR_SIZE).clone();
    }

    private static Residual residual(WeightMap w, String name, int in, int out, boolean down)
            throws FaceModelException {
        // maps from 64 channels on are 8×8 or smaller: few pixels, many channels
        Conv2d.Layout layout = out >= 128 ? Conv2d.Layout.CHANNELS_INNER : Conv2d.Layout.PIXELS_INNER;
        Conv2d c1 = conv(w, name + "/conv1/", 3, in, out, down ? 2 : 1, down ? Padding.VALID : Padding.SAME, layout);
        Conv2d c2 = conv(w, name + "/conv2/", 3, out, out, 1, Padding.SAME, layout);
        return new Residual(c1, c2, down);
    }

    private static Conv2d conv(WeightMap w, String p, int k, int in, int out, int stride, Padding padding,
            Conv2d.Layout layout) throws FaceModelException {
        Conv2d c = new Conv2d(w.take(p + "conv/filters", k, k, in, out), w.take(p + "conv/bias", out), k, in, out,
                stride, padding, layout);
        return c.foldScale(w.take(p + "scale/weights", out), w.take(p + "scale/biases", out));
    }

    /** The 128-d descriptor for a 3×150×150 input. */
    float[] forward(Tensor input, Parallel par) {
        Tensor x = stem.forward(input, Activation.RELU, par);
        Tensor pooled = Pooling.max(x, 3, 2, Padding.VALID, par);
        x.clear();
        x = pooled;
        for (Residual block : blocks) {
            Tensor next = block.down() ? down(x, block, par) : same(x, block, par);
            x.clear();
            x = next;
        }
        float[] mean = new float[x.channels];
        int plane = x.plane();
        for (int c = 0; c < x.channels; c++) {
            double s = 0;
            for (int i = 0; i < plane; i++) {
                s += x.data[c * plane + i];
            }
            mean[c] = (float) (s / plane);
        }
        x.clear();
        float[] descriptor = Dense.apply(mean, fc, new float[0], 256, DESCRIPTOR_SIZE);
        java.util.Arrays.fill(mean, 0f);
        return descriptor;
    }

    private static Tensor same(Tensor x, Residual block, Parallel par) {
        Tensor a = block.conv1().forward(x, Activation.RELU, par);
        Tensor b = block.conv2().forward(a, Activation.NONE, par);
        a.clear();
        for (int i = 0; i < b.data.length; i++) {
            b.data[i] = Math.max(b.data[i] + x.data[i], 0f);
        }
        return b;
    }

    /** out = relu(pad(conv2(conv1(x))) + pad_channels(avgpool2(x))), padding with zeros at the bottom/right. */
    private static Tensor down(Tensor x, Residual block, Parallel par) {
        Tensor a = block.conv1().forward(x, Activation.RELU, par);
        Tensor b = block.conv2().forward(a, Activation.NONE, par);
        a.clear();
        Tensor shortcut = Pooling.average(x, 2, 2);
        Tensor out = new Tensor(b.channels, shortcut.height, shortcut.width);
        for (int c = 0; c < out.channels; c++) {
            for (int y = 0; y < out.height; y++) {
                for (int xx = 0; xx < out.width; xx++) {
                    float main = y < b.height && xx < b.width ? b.data[(c * b.height + y) * b.width + xx] : 0f;
                    float skip = c < shortcut.channels
                            ? shortcut.data[(c * shortcut.height + y) * shortcut.width + xx] : 0f;
                    out.data[(c * out.height + y) * out.width + xx] = Math.max(skip + main, 0f);
                }
            }
        }
        b.clear();
        shortcut.clear();
        return out;
    }
}
