package org.madoguchi.simulator.cardfront;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.madoguchi.simulator.card.Profile;
import org.madoguchi.simulator.card.Profiles;

/**
 * Made-up card holders for tests and benchmarks, drawn from a seed: every era from 大正 to 令和
 * (with 元年 and the first and last days of eras), foreign residents printed in 西暦, and the
 * simulator's own profiles. All names and addresses are 見本 ("sample"): no real person.
 */
public final class SyntheticHolders {
    private static final String[] FAMILY = {"見本", "試験", "検証", "模擬"};
    private static final String[] GIVEN = {"太郎", "花子", "一郎", "和子", "次郎", "桜", "健", "陽菜"};
    private static final String[] ROMAN = {"SAMPLE ALEX", "TEST MARIA", "SAMPLE NGUYEN VAN", "TEST LI MEI"};
    /** Birth dates that test era boundaries: 元年, 昭和64年, the first day of 令和, and so on. */
    private static final LocalDate[] EDGES = {
        LocalDate.of(1989, 1, 7), LocalDate.of(1989, 1, 8), LocalDate.of(1989, 12, 31), LocalDate.of(2019, 4, 30),
        LocalDate.of(2019, 5, 1), LocalDate.of(1926, 12, 25), LocalDate.of(1926, 12, 24), LocalDate.of(1927, 1, 1),
        LocalDate.of(2000, 2, 29), LocalDate.of(1960, 10, 10), LocalDate.of(2020, 11, 22), LocalDate.of(1999, 12, 31)};

    private SyntheticHolders() {
    }

    /** The card fronts of the simulator's profiles that have one (physical cards). */
    public static List<CardFront> profiles() {
        List<CardFront> out = new ArrayList<>();
        for (Profile p : Profiles.all()) {
            p.cardFace().ifPresent(person -> out.add(CardFront.of(person)));
        }
        return out;
    }

    /** {@code n} holders: the era edges first, then random ones; one in six a foreign resident. */
    public static List<CardFront> draw(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<CardFront> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LocalDate birth = i < EDGES.length ? EDGES[i]
                    : LocalDate.of(1920, 1, 1).plusDays(r.nextInt((int) (LocalDate.of(2024, 12, 31).toEpochDay()
                            - LocalDate.of(1920, 1, 1).toEpochDay())));
            boolean western = i >= EDGES.length && r.nextInt(6) == 0;
            int sex = 1 + r.nextInt(2);
            String name = western ? ROMAN[r.nextInt(ROMAN.length)]
                    : FAMILY[r.nextInt(FAMILY.length)] + "\u3000" + GIVEN[r.nextInt(GIVEN.length)];
            String address = "見本県見本市見本町" + (1 + r.nextInt(9)) + "丁目" + (1 + r.nextInt(30)) + "番"
                    + (1 + r.nextInt(20)) + "号" + (r.nextInt(3) == 0 ? "　見本ハイツ" + (101 + r.nextInt(500)) + "号室" : "");
            long from = Math.max(LocalDate.of(2016, 1, 1).toEpochDay(), birth.plusDays(30).toEpochDay());
            long to = LocalDate.of(2025, 12, 31).toEpochDay();
            LocalDate issued = LocalDate.ofEpochDay(from + r.nextLong(Math.max(1, to - from)));
            int years = issued.getYear() - birth.getYear() < 20 ? 5 : 10;
            LocalDate expiry = birth.withYear(issued.getYear() + years);
            if (!expiry.isAfter(issued)) {
                expiry = expiry.plusYears(1);
            }
            String code = String.format("%04d", r.nextInt(10_000));
            out.add(new CardFront(name, address, birth, western, sex, expiry, code));
        }
        return out;
    }
}
