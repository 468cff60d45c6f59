package org.madoguchi.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.madoguchi.driver.face.ocr.CardFrontReader;
import org.madoguchi.driver.face.ocr.CardFrontReading;
import org.madoguchi.simulator.cardfront.CardFront;
import org.madoguchi.simulator.cardfront.CardFrontRenderer;
import org.madoguchi.simulator.cardfront.CardPhotographer;
import org.madoguchi.simulator.cardfront.PhotoCondition;
import org.madoguchi.simulator.cardfront.SyntheticHolders;

/**
 * Read rate and latency of the card-front OCR over generated photographs: {@code n} synthetic
 * holders (every era, 元年, foreign residents), the conditions taken in turn, each photograph from
 * its own seed. Prints exact / refused / wrong per condition and the time of {@code read()} alone
 * (the photographs are made first, untimed). One engine, reads one after another.
 *
 * <pre>java -cp benchmarks/target/madoguchi-benchmarks.jar org.madoguchi.benchmarks.CardFrontOcrBenchmark [n=240] [seed=2026]</pre>
 */
public final class CardFrontOcrBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 240;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 2026;
        CardPhotographer camera = new CardPhotographer(CardFrontRenderer.create());
        List<CardFront> fronts = SyntheticHolders.draw(seed, n);
        PhotoCondition[] conditions = PhotoCondition.values();
        List<byte[]> photos = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            photos.add(camera.photograph(fronts.get(i), conditions[i % conditions.length], seed * 1_000_003L + i));
        }
        long t0 = System.nanoTime();
        try (CardFrontReader ocr = CardFrontReader.open()) {
            System.out.printf(Locale.ROOT, "madoguchi CardFrontOcrBenchmark: %d photographs, seed %d, %d cores, Tesseract %s "
                    + "(opened in %.0f ms), %s %s%n%n", n, seed, Runtime.getRuntime().availableProcessors(),
                    ocr.engineVersion(), (System.nanoTime() - t0) / 1e6, System.getProperty("java.vm.name"),
                    System.getProperty("java.version"));
            for (int i = 0; i < Math.min(3, n); i++) {
                ocr.read(photos.get(i)); // warm-up, not counted
            }
            Map<String, int[]> counts = new LinkedHashMap<>();
            Map<String, List<Long>> times = new LinkedHashMap<>();
            Map<String, Integer> reasons = new LinkedHashMap<>();
            for (PhotoCondition c : conditions) {
                counts.put(c.name(), new int[3]);
                times.put(c.name(), new ArrayList<>());
            }
            for (int i = 0; i < n; i++) {
                String c = conditions[i % conditions.length].name();
                long start = System.nanoTime();
                CardFrontReading r = ocr.read(photos.get(i));
                long took = System.nanoTime() - start;
                times.get(c).add(took);
                if (r instanceof CardFrontReading.Read read) {
                    boolean exact = new String(read.verificationCodeB()).equals(fronts.get(i).verificationCodeB());
                    counts.get(c)[exact ? 0 : 2]++;
                    read.wipe();
                } else {
                    counts.get(c)[1]++;
                    reasons.merge(c + " " + ((CardFrontReading.Refused) r).reason(), 1, Integer::sum);
                }
            }
            System.out.printf("%-12s %5s %6s %8s %6s | %9s %9s %9s%n", "condition", "n", "exact", "refused", "wrong",
                    "median ms", "p10 ms", "p90 ms");
            int[] total = new int[3];
            List<Long> all = new ArrayList<>();
            for (String c : counts.keySet()) {
                row(c, counts.get(c), times.get(c));
                for (int k = 0; k < 3; k++) {
                    total[k] += counts.get(c)[k];
                }
                all.addAll(times.get(c));
            }
            row("all", total, all);
            System.out.printf(Locale.ROOT, "%nexact %.1f %%, wrong %d; refusals: %s%n", 100.0 * total[0] / n, total[2], reasons);
        }
    }

    private static void row(String name, int[] c, List<Long> nanos) {
        if (nanos.isEmpty()) {
            return;
        }
        Stats s = Stats.of(nanos);
        System.out.printf(Locale.ROOT, "%-12s %5d %6d %8d %6d | %9.0f %9.0f %9.0f%n", name, c[0] + c[1] + c[2], c[0], c[1], c[2],
                s.median(), s.p10(), s.p90());
    }
}
