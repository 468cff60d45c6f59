package org.madoguchi.driver.face.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * face-api.js's Tiny Face Detector: a YOLOv2-style net with depthwise-separable convolutions on a
 * 416×416 input, 13×13 cells × 5 anchors, one class. Immutable and thread-safe once loaded.
 */
final class TinyFaceDetectorNet {
    static final int INPUT_SIZE = 416;
    static final float[] MEAN_RGB = {117.001f, 114.697f, 97.404f};
    private static final double IOU_THRESHOLD = 0.4;
    private static final double[][] ANCHORS = {
        {1.603231, 2.094468}, {6.041143, 7.080126}, {2.882459, 3.518061}, {4.266906, 5.178857},
        {9.041765, 10.66308}};
    private static final int[] CHANNELS = {16, 32, 64, 128, 256, 512};

    /** A detection relative to the image: x, y, width, height as fractions of the image's width/height. */
    record Relative(double x, double y, double width, double height, double score) {
    }

    private final Conv2d conv0;
    private final SeparableConv[] separable = new SeparableConv[5];
    private final Conv2d conv8;

    TinyFaceDetectorNet(WeightMap w) throws FaceModelException {
        conv0 = new Conv2d(w.take("conv0/filters", 3, 3, 3, 16), w.take("conv0/bias", 16), 3, 3, 16, 1,
                Padding.VALID, Conv2d.Layout.PIXELS_INNER);
        for (int i = 1; i <= 5; i++) {
            int in = CHANNELS[i - 1];
            int out = CHANNELS[i];
            String p = "conv" + i;
            separable[i - 1] = new SeparableConv(
                    new DepthwiseConv(w.take(p + "/depthwise_filter", 3, 3, in, 1), 3, in, 1, Padding.SAME),
                    new Conv2d(w.take(p + "/pointwise_filter", 1, 1, in, out), w.take(p + "/bias", out), 1, in, out,
                            1, Padding.VALID, Conv2d.Layout.PIXELS_INNER));
        }
        conv8 = new Conv2d(w.take("conv8/filters", 1, 1, 512, 25), w.take("conv8/bias", 25), 1, 512, 25, 1,
                Padding.VALID, Conv2d.Layout.PIXELS_INNER);
    }

    /** The raw 25×13×13 output for a 3×416×416 input. */
    Tensor forward(Tensor input, Parallel par) {
        // conv0 and separable 1–4 are each followed by a 2×2 stride-2 max pool (fused), 5 by a stride-1 one
        Tensor x = conv0.forward(input, Activation.LEAKY, true, par);
        for (int i = 0; i < 5; i++) {
            Tensor next = separable[i].forward(x, Activation.LEAKY, i < 4, par);
            x.clear();
            x = next;
        }
        Tensor pooled = Pooling.max(x, 2, 1, Padding.SAME, par);
        x.clear();
        Tensor out = conv8.forward(pooled, Activation.NONE, par);
        pooled.clear();
        return out;
    }

    /**
     * Decodes the boxes above {@code minScore} and suppresses overlaps (IoU > 0.4), as face-api's
     * {@code TinyYolov2Base.extractBoxes} and {@code nonMaxSuppression} do. Highest score first.
     */
    static List<Relative> decode(Tensor out, int imageWidth, int imageHeight, double minScore) {
        double scale = (double) INPUT_SIZE / Math.max(imageWidth, imageHeight);
        double correctionX = (double) INPUT_SIZE / Math.round(imageWidth * scale);
        double correctionY = (double) INPUT_SIZE / Math.round(imageHeight * scale);
        int cells = out.height;
        int plane = out.plane();
        List<Relative> boxes = new ArrayList<>();
        for (int row = 0; row < cells; row++) {
            for (int col = 0; col < cells; col++) {
                for (int a = 0; a < ANCHORS.length; a++) {
                    int base = a * 5 * plane + row * cells + col;
                    double score = sigmoid(out.data[base + 4 * plane]);
                    if (!(score > minScore)) {
                        continue;
                    }
                    double ctX = (col + sigmoid(out.data[base])) / cells * correctionX;
                    double ctY = (row + sigmoid(out.data[base + plane])) / cells * correctionY;
                    double w = Math.exp(out.data[base + 2 * plane]) * ANCHORS[a][0] / cells * correctionX;
                    double h = Math.exp(out.data[base + 3 * plane]) * ANCHORS[a][1] / cells * correctionY;
                    boxes.add(new Relative(ctX - w / 2, ctY - h / 2, w, h, score));
                }
            }
        }
        return suppress(boxes);
    }

    private static List<Relative> suppress(List<Relative> boxes) {
        List<Relative> queue = new ArrayList<>(boxes);
        queue.sort(Comparator.comparingDouble(Relative::score)); // stable, ascending; taken from the end
        List<Relative> picked = new ArrayList<>();
        while (!queue.isEmpty()) {
            Relative best = queue.remove(queue.size() - 1);
            picked.add(best);
            queue.removeIf(other -> iou(best, other) > IOU_THRESHOLD);
        }
        return picked;
    }

    /** Intersection over union of the two boxes scaled to the input size, as face-api computes it. */
    private static double iou(Relative a, Relative b) {
        double s = INPUT_SIZE;
        double ax = a.x() * s;
        double ay = a.y() * s;
        double aw = a.width() * s;
        double ah = a.height() * s;
        double bx = b.x() * s;
        double by = b.y() * s;
        double bw = b.width() * s;
        double bh = b.height() * s;
        double w = Math.max(0, Math.min(ax + aw, bx + bw) - Math.max(ax, bx));
        double h = Math.max(0, Math.min(ay + ah, by + bh) - Math.max(ay, by));
        double inter = w * h;
        return inter / (aw * ah + bw * bh - inter);
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
