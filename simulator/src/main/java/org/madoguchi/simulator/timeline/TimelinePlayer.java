package org.madoguchi.simulator.timeline;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.LongSupplier;

/** Plays a {@link Timeline} onto {@link CardSlots}, printing one line per step. */
public final class TimelinePlayer {
    private final CardSlots slots;
    private final PrintWriter out;
    private final LongSupplier nanoClock;

    public TimelinePlayer(CardSlots slots, PrintWriter out) {
        this(slots, out, System::nanoTime);
    }

    TimelinePlayer(CardSlots slots, PrintWriter out, LongSupplier nanoClock) {
        this.slots = Objects.requireNonNull(slots);
        this.out = Objects.requireNonNull(out);
        this.nanoClock = nanoClock;
    }

    /** Plays every step in order, then takes every card out. */
    public void play(Timeline timeline) throws Exception {
        long start = nanoClock.getAsLong();
        try {
            for (Timeline.Step step : timeline.steps()) {
                String at = stamp(nanoClock.getAsLong() - start);
                if (step instanceof Timeline.Step.Insert i) {
                    out.printf("%s 挿入 / insert  %s → slot %d%n", at, i.profile(), i.slot());
                    out.flush();
                    slots.insert(i.slot(), i.profile());
                } else if (step instanceof Timeline.Step.Remove r) {
                    out.printf("%s 取り出し / remove  slot %d%n", at, r.slot());
                    out.flush();
                    slots.remove(r.slot());
                } else if (step instanceof Timeline.Step.Wait w) {
                    out.printf("%s 待機 / wait  %d ms%n", at, w.duration().toMillis());
                    out.flush();
                    Thread.sleep(w.duration().toMillis());
                }
            }
        } finally {
            slots.close();
            out.printf("%s 終了 / done%n", stamp(nanoClock.getAsLong() - start));
            out.flush();
        }
    }

    private static String stamp(long nanos) {
        long ms = nanos / 1_000_000;
        return String.format("%02d:%02d.%03d", ms / 60_000, ms / 1000 % 60, ms % 1000);
    }
}
