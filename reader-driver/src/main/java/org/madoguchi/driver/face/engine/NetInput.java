package org.madoguchi.driver.face.engine;

/**
 * Builds a network's input the way face-api.js does for a tensor input: cut a rectangle out of the
 * image, pad it to a square with zeros (at the end, or centred), resize it bilinearly to the
 * network's size (TensorFlow's resizeBilinear without corner alignment or half-pixel centres), then
 * subtract the channel means and divide by 255, in float32 as tfjs does.
 */
final class NetInput {
    private NetInput() {
    }

    /** An integer rectangle of the image; parts outside the image read as black. */
    record Crop(int x, int y, int width, int height) {
        Crop {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("empty crop");
            }
        }

        /**
         * face-api's {@code Box.clipAtImageBorders(...)}: clip at the image's top-left, keep the
         * right/bottom edges but not past the image, then floor every coordinate.
         */
        static java.util.Optional<Crop> clip(double x, double y, double width, double height, int imageWidth,
                int imageHeight) {
            double cx = Math.max(x, 0);
            double cy = Math.max(y, 0);
            double w = Math.min(x + width - cx, imageWidth - cx);
            double h = Math.min(y + height - cy, imageHeight - cy);
            int fx = (int) Math.floor(cx);
            int fy = (int) Math.floor(cy);
            int fw = (int) Math.floor(w);
            int fh = (int) Math.floor(h);
            if (fw <= 0 || fh <= 0 || fx >= imageWidth || fy >= imageHeight) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Crop(fx, fy, Math.min(fw, imageWidth - fx), Math.min(fh, imageHeight - fy)));
        }
    }

    static Tensor build(FaceImage image, Crop crop, boolean centred, int size, float[] mean) {
        image.ensureOpen();
        int w = crop.width();
        int h = crop.height();
        int side = Math.max(w, h);
        int diff = side - Math.min(w, h);
        int before = centred ? diff - (int) Math.floor(diff * 0.5 + 0.5) : 0;
        int padX = w < h ? before : 0;
        int padY = h < w ? before : 0;
        double ratio = (double) side / size;
        Tensor t = new Tensor(3, size, size);
        int plane = size * size;
        for (int r = 0; r < size; r++) {
            double fr = ratio * r;
            int r0 = Math.max(0, (int) Math.floor(fr));
            double rowFrac = fr - r0;
            int r1 = Math.min(side - 1, (int) Math.ceil(fr));
            for (int c = 0; c < size; c++) {
                double fc = ratio * c;
                int c0 = Math.max(0, (int) Math.floor(fc));
                double colFrac = fc - c0;
                int c1 = Math.min(side - 1, (int) Math.ceil(fc));
                for (int ch = 0; ch < 3; ch++) {
                    double tl = padded(image, crop, padX, padY, r0, c0, ch);
                    double tr = padded(image, crop, padX, padY, r0, c1, ch);
                    double bl = padded(image, crop, padX, padY, r1, c0, ch);
                    double br = padded(image, crop, padX, padY, r1, c1, ch);
                    double top = tl + (tr - tl) * colFrac;
                    double bottom = bl + (br - bl) * colFrac;
                    float v = (float) (top + (bottom - top) * rowFrac);
                    t.data[ch * plane + r * size + c] = (v - mean[ch]) / 255f;
                }
            }
        }
        return t;
    }

    private static int padded(FaceImage image, Crop crop, int padX, int padY, int row, int col, int ch) {
        int y = row - padY;
        int x = col - padX;
        if (y < 0 || x < 0 || y >= crop.height() || x >= crop.width()) {
            return 0;
        }
        int ix = crop.x() + x;
        int iy = crop.y() + y;
        if (ix < 0 || iy < 0 || ix >= image.width() || iy >= image.height()) {
            return 0;
        }
        return image.sample(ix, iy, ch);
    }
}
