package org.madoguchi.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.madoguchi.driver.face.engine.FaceAnalysis;
import org.madoguchi.driver.face.engine.FaceBox;
import org.madoguchi.driver.face.engine.FaceDescriptor;
import org.madoguchi.driver.face.engine.FaceEngine;
import org.madoguchi.driver.face.engine.FaceEngineConfig;
import org.madoguchi.driver.face.engine.FaceImage;
import org.madoguchi.driver.face.engine.Landmarks68;

/**
 * The face engine: time per face (decode, detect, landmarks, descriptor; median and p10–p90 over
 * warm runs), heap, and accuracy over every pair of the test photos at the configured threshold,
 * with the card-photo condition (grey JPEG 2000) as its own row. Prints tables.
 *
 * <pre>java -cp benchmarks/target/madoguchi-benchmarks.jar org.madoguchi.benchmarks.FaceEngineBenchmark \
 *     [runs] [test-data folder, default reader-driver/target/face-test-data]</pre>
 */
public final class FaceEngineBenchmark {
    private static final String[] STAGES = {"decode", "detect", "landmarks", "descriptor", "per face"};

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        FaceBenchData data = new FaceBenchData(Path.of(args.length > 1 ? args[1] : "reader-driver/target/face-test-data"));
        System.out.printf("madoguchi FaceEngineBenchmark: %d warm runs per row, %d cores, %s %s, max heap %d MiB%n%n",
                runs, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        List<byte[]> scenes = data.scenes();
        List<byte[]> cards = new ArrayList<>();
        for (List<byte[]> photos : data.johns().values()) {
            cards.add(FaceBenchData.cardPhoto(photos.get(0)));
        }
        int threads = FaceEngineConfig.defaults().threads();
        System.out.printf("%-34s %-10s %5s %10s %10s %10s%n", "input", "stage", "n", "median ms", "p10 ms", "p90 ms");
        timings(threads, scenes, cards, runs);
        if (threads > 1) {
            timings(1, scenes, cards, runs);
        }
        System.out.println();
        try (FaceEngine e = FaceEngine.load()) {
            accuracy(e, data);
        }
    }

    private static void timings(int threads, List<byte[]> scenes, List<byte[]> cards, int runs) throws Exception {
        long heapBefore = usedHeapAfterGc();
        long t0 = System.nanoTime();
        FaceEngine engine = FaceEngine.load(FaceEngineConfig.defaults().withThreads(threads));
        System.out.printf("%-34s load %.0f ms, heap retained by the loaded engine %.1f MiB%n", threads + " thr",
                (System.nanoTime() - t0) / 1e6, (usedHeapAfterGc() - heapBefore) / 1048576.0);
        latency(engine, "scene photo ~500x375, " + threads + " thr", scenes, runs);
        latency(engine, "card JP2 200x250, " + threads + " thr", cards, runs);
        System.out.printf("%-34s heap used after GC, after the runs: %.1f MiB%n", threads + " thr",
                usedHeapAfterGc() / 1048576.0);
        engine.close();
    }

    private static void latency(FaceEngine engine, String label, List<byte[]> inputs, int runs) throws Exception {
        Map<String, List<Long>> samples = new LinkedHashMap<>();
        for (String s : STAGES) {
            samples.put(s, new ArrayList<>());
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = 0;
        int warmUp = 10;
        for (int i = 0; i < warmUp + runs; i++) {
            byte[] bytes = inputs.get(i % inputs.size());
            long a0 = threads.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            try (FaceImage img = engine.decode(bytes)) {
                long t1 = System.nanoTime();
                List<FaceBox> faces = engine.detect(img);
                long t2 = System.nanoTime();
                if (faces.isEmpty()) {
                    throw new IllegalStateException("benchmark input without a face");
                }
                Landmarks68 lm = engine.landmarks(img, faces.get(0));
                long t3 = System.nanoTime();
                engine.descriptor(img, lm).close();
                long t4 = System.nanoTime();
                if (i >= warmUp) {
                    samples.get("decode").add(t1 - t0);
                    samples.get("detect").add(t2 - t1);
                    samples.get("landmarks").add(t3 - t2);
                    samples.get("descriptor").add(t4 - t3);
                    samples.get("per face").add(t4 - t1);
                    allocated += threads.getCurrentThreadAllocatedBytes() - a0;
                }
            }
        }
        for (String s : STAGES) {
            Stats st = Stats.of(samples.get(s));
            System.out.printf(Locale.ROOT, "%-34s %-10s %5d %10.1f %10.1f %10.1f%n", label, s, st.n(), st.median(),
                    st.p10(), st.p90());
        }
        System.out.printf(Locale.ROOT, "%-34s %-10s %5s %10.1f MiB allocated per face by the calling thread%n",
                label, "memory", "", allocated / (double) runs / 1048576.0);
    }

    private record Described(String person, float[] values) {
    }

    private static void accuracy(FaceEngine engine, FaceBenchData data) throws Exception {
        List<Described> photos = new ArrayList<>();
        List<Described> cards = new ArrayList<>();
        int missed = 0;
        for (Map.Entry<String, List<byte[]>> e : data.johns().entrySet()) {
            for (byte[] jpeg : e.getValue()) {
                float[] p = describe(engine, jpeg);
                float[] c = describe(engine, FaceBenchData.cardPhoto(jpeg));
                if (p == null || c == null) {
                    missed++;
                    continue;
                }
                photos.add(new Described(e.getKey(), p));
                cards.add(new Described(e.getKey(), c));
            }
        }
        List<Described> others = new ArrayList<>();
        for (byte[] scene : data.others()) {
            try (FaceImage img = engine.decode(scene)) {
                for (FaceBox box : engine.detect(img)) {
                    try (FaceDescriptor d = engine.descriptor(img, engine.landmarks(img, box))) {
                        others.add(new Described("other-" + others.size(), d.toArray()));
                    }
                }
            }
        }
        System.out.printf("accuracy: %d photos of 5 people (dlib examples/johns; %d without a face found), "
                + "%d faces of other people (dlib examples/faces without dogs.jpg, face-api demo)%n", photos.size(), missed, others.size());
        System.out.printf("%-36s %9s %6s %8s %9s %6s %9s %9s%n", "condition", "threshold", "same", "accepted", "TA %",
                "diff", "false acc", "FA %");
        for (double t : new double[] {engine.threshold(), 0.50, FaceEngineConfig.DLIB_THRESHOLD}) {
            row("colour photo vs colour photo", t, photos, photos, Pairs.UNORDERED);
            row("card JP2 vs colour photo", t, cards, photos, Pairs.OTHER_PHOTOS);
            row("other people vs colour photo", t, others, photos, Pairs.ALL);
            row("other people vs card JP2", t, others, cards, Pairs.ALL);
        }
        distances("colour vs colour", photos, photos, Pairs.UNORDERED);
        distances("card JP2 vs colour", cards, photos, Pairs.OTHER_PHOTOS);
        distances("others vs colour+card", others, concat(photos, cards), Pairs.ALL);
    }

    private static List<Described> concat(List<Described> a, List<Described> b) {
        List<Described> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static float[] describe(FaceEngine engine, byte[] bytes) throws Exception {
        try (FaceImage img = engine.decode(bytes)) {
            if (engine.analyze(img) instanceof FaceAnalysis.Face face) {
                try (FaceDescriptor d = face.descriptor()) {
                    return d.toArray();
                }
            }
            return null;
        }
    }

    private static double distance(float[] a, float[] b) {
        return FaceDescriptor.of(a).distanceTo(FaceDescriptor.of(b));
    }

    /** Which (i, j) are compared: each unordered pair once; all but i == j (the same photo); all. */
    private enum Pairs {
        UNORDERED,
        OTHER_PHOTOS,
        ALL;

        int first(int i) {
            return this == UNORDERED ? i + 1 : 0;
        }

        boolean skip(int i, int j) {
            return this == OTHER_PHOTOS && i == j;
        }
    }

    private static void row(String name, double t, List<Described> a, List<Described> b, Pairs pairs) {
        long same = 0;
        long accepted = 0;
        long diff = 0;
        long falseAccepts = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int j = pairs.first(i); j < b.size(); j++) {
                if (pairs.skip(i, j)) {
                    continue;
                }
                boolean accept = distance(a.get(i).values(), b.get(j).values()) <= t;
                if (a.get(i).person().equals(b.get(j).person())) {
                    same++;
                    accepted += accept ? 1 : 0;
                } else {
                    diff++;
                    falseAccepts += accept ? 1 : 0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-36s %9.2f %6d %8d %9s %6d %9d %9.3f%n", name, t, same, accepted,
                same == 0 ? "-" : String.format(Locale.ROOT, "%.1f", 100.0 * accepted / same), diff, falseAccepts,
                100.0 * falseAccepts / Math.max(1, diff));
    }

    private static void distances(String name, List<Described> a, List<Described> b, Pairs pairs) {
        double maxSame = 0;
        double minDiff = Double.MAX_VALUE;
        for (int i = 0; i < a.size(); i++) {
            for (int j = pairs.first(i); j < b.size(); j++) {
                if (pairs.skip(i, j)) {
                    continue;
                }
                double d = distance(a.get(i).values(), b.get(j).values());
                if (a.get(i).person().equals(b.get(j).person())) {
                    maxSame = Math.max(maxSame, d);
                } else {
                    minDiff = Math.min(minDiff, d);
                }
            }
        }
        System.out.printf(Locale.ROOT, "distances %-24s largest same-person %s, smallest different-person %.3f%n",
                name, maxSame == 0 ? "-" : String.format(Locale.ROOT, "%.3f", maxSame), minDiff);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
