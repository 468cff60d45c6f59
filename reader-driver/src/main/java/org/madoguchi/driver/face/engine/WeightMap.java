package org.madoguchi.driver.face.engine;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The named tensors of one model: the tfjs weights manifest read, the {@code .bin} checked and
 * de-quantised as tfjs does ({@code q · scale + min}, stored as float32).
 */
final class WeightMap {
    /** Where a tensor lies in the weights file; de-quantised only when taken. */
    private record Entry(int[] shape, int offset, int count, boolean quantized, double scale, double min) {
        float[] values(byte[] bin) {
            float[] v = new float[count];
            if (quantized) {
                for (int i = 0; i < count; i++) {
                    v[i] = (float) ((bin[offset + i] & 0xff) * scale + min);
                }
            } else {
                for (int i = 0, o = offset; i < count; i++, o += 4) {
                    v[i] = Float.intBitsToFloat((bin[o] & 0xff) | (bin[o + 1] & 0xff) << 8 | (bin[o + 2] & 0xff) << 16
                            | (bin[o + 3] & 0xff) << 24);
                }
            }
            return v;
        }
    }

    private final FaceModel model;
    private final Map<String, Entry> entries;
    private final byte[] bin;

    private WeightMap(FaceModel model, Map<String, Entry> entries, byte[] bin) {
        this.model = model;
        this.entries = entries;
        this.bin = bin;
    }

    static WeightMap load(ModelSource source, FaceModel model) throws FaceModelException {
        byte[] manifest = source.read(model.manifestFile());
        checkHash(model.manifestFile(), manifest, model.manifestSha256);
        byte[] bin = source.read(model.weightsFile());
        checkHash(model.weightsFile(), bin, model.weightsSha256);
        try {
            return new WeightMap(model, parse(model, manifest, bin), bin);
        } catch (IOException | RuntimeException e) {
            throw new FaceModelException(model.manifestFile(), FaceModelException.Reason.INVALID,
                    e.getClass().getSimpleName(), e);
        }
    }

    private static void checkHash(String file, byte[] bytes, String expected) throws FaceModelException {
        try {
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            if (!actual.equals(expected)) {
                throw new FaceModelException(file, FaceModelException.Reason.CORRUPT, "");
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static Map<String, Entry> parse(FaceModel model, byte[] manifest, byte[] bin)
            throws IOException, FaceModelException {
        JsonNode groups = new ObjectMapper().readTree(manifest);
        Map<String, Entry> out = new HashMap<>();
        int offset = 0;
        for (JsonNode group : groups) {
            for (JsonNode w : group.path("weights")) {
                String name = w.path("name").asText();
                JsonNode shapeNode = w.path("shape");
                int[] shape = new int[shapeNode.size()];
                int count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeNode.get(i).asInt();
                    count = Math.multiplyExact(count, shape[i]);
                }
                if (!"float32".equals(w.path("dtype").asText())) {
                    throw invalid(model, "dtype of " + name);
                }
                JsonNode q = w.path("quantization");
                if (q.isMissingNode()) {
                    need(model, bin, offset, 4L * count);
                    out.put(name, new Entry(shape, offset, count, false, 0, 0));
                    offset += 4 * count;
                } else if ("uint8".equals(q.path("dtype").asText())) {
                    need(model, bin, offset, count);
                    out.put(name, new Entry(shape, offset, count, true, q.path("scale").asDouble(),
                            q.path("min").asDouble()));
                    offset += count;
                } else {
                    throw invalid(model, "quantization of " + name);
                }
            }
        }
        if (offset != bin.length) {
            throw new FaceModelException(model.weightsFile(), FaceModelException.Reason.INVALID,
                    "manifest covers " + offset + " of " + bin.length + " bytes");
        }
        return out;
    }

    private static void need(FaceModel model, byte[] bin, int offset, long bytes) throws FaceModelException {
        if (offset + bytes > bin.length) {
            throw new FaceModelException(model.weightsFile(), FaceModelException.Reason.INVALID, "too short");
        }
    }

    private static FaceModelException invalid(FaceModel model, String what) {
        return new FaceModelException(model.manifestFile(), FaceModelException.Reason.INVALID, what);
    }

    /**
     * The tensor {@code name}, which must have exactly {@code shape}; handed over once (the map
     * forgets it, so that loading never holds two copies of every weight).
     */
    float[] take(String name, int... shape) throws FaceModelException {
        Entry e = entries.remove(name);
        if (e == null) {
            throw new FaceModelException(model.manifestFile(), FaceModelException.Reason.INVALID,
                    "no tensor " + name);
        }
        if (!Arrays.equals(e.shape(), shape)) {
            throw new FaceModelException(model.manifestFile(), FaceModelException.Reason.INVALID,
                    "tensor " + name + " has shape " + Arrays.toString(e.shape()));
        }
        return e.values(bin);
    }
}
