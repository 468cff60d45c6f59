package org.madoguchi.driver.face.engine;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The offline face engine: detection (face-api's Tiny Face Detector), 68 landmarks (face-api's
 * landmark net), a dlib-style aligned 150×150 chip and dlib's 128-d ResNet descriptor, compared by
 * Euclidean distance. Pure Java; the weights come from reader-driver's jar.
 *
 * <p>Load once ({@link #load()}, a few hundred ms); afterwards every method is thread-safe. Images
 * and descriptors are biometric data: close them when done, never log them.
 */
public final class FaceEngine implements AutoCloseable {
    /**
     * Margins added on every side, as fractions of the longer side, when a first look finds no face:
     * the detector misses faces that fill the frame (a card photo, an aligned face chip).
     */
    static final double[] RETRY_MARGINS = {0.5, 1.0, 0.75};
    /** Last resort of the retries: the single best box above this score. */
    static final double LENIENT_SCORE = 0.3;

    private final FaceEngineConfig config;
    private final FaceNetworks nets;
    private final Parallel parallel;
    private volatile boolean closed;

    private FaceEngine(FaceEngineConfig config, FaceNetworks nets) {
        this.config = config;
        this.nets = nets;
        this.parallel = new Parallel(config.threads());
    }

    /** Loads the models from the jar with the default configuration. */
    public static FaceEngine load() throws FaceModelException {
        return load(FaceEngineConfig.defaults());
    }

    public static FaceEngine load(FaceEngineConfig config) throws FaceModelException {
        return load(config, ModelSource.classpath());
    }

    /** @throws FaceModelException naming the file that is missing, corrupt or does not fit its network */
    public static FaceEngine load(FaceEngineConfig config, ModelSource source) throws FaceModelException {
        return new FaceEngine(Objects.requireNonNull(config), FaceNetworks.load(source));
    }

    public FaceEngineConfig config() {
        return config;
    }

    /** The distance at or below which two descriptors are taken for the same person. */
    public double threshold() {
        return config.threshold();
    }

    /** Decodes JPEG, PNG or JPEG 2000 bytes, within the configured bounds. */
    public FaceImage decode(byte[] bytes) throws FaceImageException {
        return ImageDecoder.decode(Objects.requireNonNull(bytes), config);
    }

    /** Copies a {@link BufferedImage}, within the configured pixel bound. */
    public FaceImage image(BufferedImage image) throws FaceImageException {
        ImageDecoder.checkSize(image.getWidth(), image.getHeight(), config);
        return FaceImage.copyOf(image);
    }

    /**
     * All faces, largest first. If none is found, looks again with a black margin around the image
     * ({@link #RETRY_MARGINS}); if that finds none above the configured score either, takes the
     * single best box of those looks above {@link #LENIENT_SCORE}.
     */
    public List<FaceBox> detect(FaceImage image) {
        int w = image.width();
        int h = image.height();
        List<FaceBox> faces = detectIn(image, new NetInput.Crop(0, 0, w, h), config.minScore());
        FaceBox lenient = null;
        for (int i = 0; faces.isEmpty() && i < RETRY_MARGINS.length; i++) {
            int m = (int) Math.round(RETRY_MARGINS[i] * Math.max(w, h));
            List<FaceBox> found = detectIn(image, new NetInput.Crop(-m, -m, w + 2 * m, h + 2 * m),
                    Math.min(LENIENT_SCORE, config.minScore()));
            for (FaceBox b : found) {
                if (b.score() > config.minScore()) {
                    faces.add(b);
                } else if (lenient == null || b.score() > lenient.score()) {
                    lenient = b;
                }
            }
        }
        if (faces.isEmpty() && lenient != null) {
            faces.add(lenient);
        }
        faces.sort(Comparator.comparingDouble(FaceBox::area).reversed());
        return List.copyOf(faces);
    }

    List<FaceBox> detectIn(FaceImage image, NetInput.Crop region, double minScore) {
        ensureOpen();
        Tensor in = NetInput.build(image, region, false, TinyFaceDetectorNet.INPUT_SIZE, TinyFaceDetectorNet.MEAN_RGB);
        Tensor out = nets.detector.forward(in, parallel);
        in.clear();
        List<TinyFaceDetectorNet.Relative> found = TinyFaceDetectorNet.decode(out, region.width(), region.height(),
                minScore);
        List<FaceBox> boxes = new ArrayList<>();
        for (TinyFaceDetectorNet.Relative r : found) {
            FaceBox box = new FaceBox(region.x() + r.x() * region.width(), region.y() + r.y() * region.height(),
                    r.width() * region.width(), r.height() * region.height(), Math.min(1, r.score()));
            if (NetInput.Crop.clip(box.x(), box.y(), box.width(), box.height(), image.width(), image.height())
                    .isPresent()) {
                boxes.add(box);
            }
        }
        return boxes;
    }

    /** No face, one face, or several faces (the largest chosen). */
    public FaceSearch findFace(FaceImage image) {
        List<FaceBox> faces = detect(image);
        return switch (faces.size()) {
            case 0 -> new FaceSearch.NoFace();
            case 1 -> new FaceSearch.OneFace(faces.get(0));
            default -> new FaceSearch.SeveralFaces(faces.get(0), faces.size());
        };
    }

    /** The 68 landmarks of the face in {@code box} (which must overlap the image), in image pixels. */
    public Landmarks68 landmarks(FaceImage image, FaceBox box) {
        ensureOpen();
        NetInput.Crop crop = NetInput.Crop.clip(box.x(), box.y(), box.width(), box.height(), image.width(),
                image.height()).orElseThrow(() -> new IllegalArgumentException("face box outside the image"));
        Tensor in = NetInput.build(image, crop, true, LandmarkNet.INPUT_SIZE, LandmarkNet.MEAN_RGB);
        float[] raw = nets.landmarks.forward(in, parallel);
        in.clear();
        double[] rel = LandmarkNet.relativeToCrop(raw, crop.width(), crop.height());
        List<FacePoint> points = new ArrayList<>(Landmarks68.COUNT);
        for (int i = 0; i < Landmarks68.COUNT; i++) {
            points.add(new FacePoint(crop.x() + rel[2 * i] * crop.width(), crop.y() + rel[2 * i + 1] * crop.height()));
        }
        java.util.Arrays.fill(raw, 0f);
        java.util.Arrays.fill(rel, 0);
        return new Landmarks68(points);
    }

    /** The descriptor of the face with these landmarks: dlib's aligned 150×150 chip through the ResNet. */
    public FaceDescriptor descriptor(FaceImage image, Landmarks68 landmarks) {
        ensureOpen();
        Tensor chip = FaceChip.extract(image, FaceChip.fit(landmarks), RecognitionNet.MEAN_RGB);
        float[] d = nets.recognition.forward(chip, parallel);
        chip.clear();
        return new FaceDescriptor(d);
    }

    /** Detect, then landmarks and descriptor of the largest face. */
    public FaceAnalysis analyze(FaceImage image) {
        List<FaceBox> faces = detect(image);
        if (faces.isEmpty()) {
            return new FaceAnalysis.NoFace();
        }
        FaceBox box = faces.get(0);
        Landmarks68 lm = landmarks(image, box);
        return new FaceAnalysis.Face(box, faces.size(), lm, descriptor(image, lm));
    }

    /** Euclidean distance between two descriptors. */
    public static double distance(FaceDescriptor a, FaceDescriptor b) {
        return a.distanceTo(b);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("face engine closed");
        }
    }

    /** Stops the engine's helper threads; the engine cannot be used afterwards. */
    @Override
    public void close() {
        closed = true;
        parallel.close();
    }
}
