package org.madoguchi.simulator.timeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.madoguchi.simulator.card.Profiles;

/**
 * A scripted sequence of card movements for demos, one step per line:
 *
 * <pre>
 * # comments start with '#', also after a step; blank lines are ignored
 * insert default        # put the default card on slot 0
 * insert pin-blocked 1  # another profile on slot 1
 * wait 2000             # milliseconds; "wait 2s" and "wait 500ms" also work
 * remove 1              # take the card off slot 1
 * remove                # slot 0
 * </pre>
 *
 * Inserting onto an occupied slot replaces the card. When the timeline ends, every card is taken out.
 */
public record Timeline(List<Step> steps) {
    /** The highest slot a timeline may name (vpcd has two by default; pcscd can be configured for more). */
    public static final int MAX_SLOT = 15;

    /** One line of the timeline. */
    public sealed interface Step {
        /** The 1-based line the step came from. */
        int line();

        record Insert(int line, String profile, int slot) implements Step {
        }

        record Remove(int line, int slot) implements Step {
        }

        record Wait(int line, Duration duration) implements Step {
        }
    }

    /** A line that is not a step; the message says which line and why, Japanese then English. */
    public static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        public ParseException(int line, String japanese, String english) {
            super(line + " 行目: " + japanese + " / line " + line + ": " + english);
        }
    }

    public Timeline {
        steps = List.copyOf(steps);
    }

    public static Timeline parse(String text) throws ParseException {
        Objects.requireNonNull(text);
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            String[] w = line.strip().split("\\s+");
            if (w.length == 1 && w[0].isEmpty()) {
                continue;
            }
            String verb = w[0].toLowerCase(Locale.ROOT);
            switch (verb) {
                case "insert" -> {
                    if (w.length < 2 || w.length > 3) {
                        throw new ParseException(n, "insert PROFILE [SLOT] と書いてください", "expected insert PROFILE [SLOT]");
                    }
                    if (Profiles.find(w[1]).isEmpty()) {
                        throw new ParseException(n, "不明なプロファイル " + w[1], "unknown profile " + w[1]);
                    }
                    steps.add(new Step.Insert(n, w[1], w.length == 3 ? slot(n, w[2]) : 0));
                }
                case "remove" -> {
                    if (w.length > 2) {
                        throw new ParseException(n, "remove [SLOT] と書いてください", "expected remove [SLOT]");
                    }
                    steps.add(new Step.Remove(n, w.length == 2 ? slot(n, w[1]) : 0));
                }
                case "wait" -> {
                    if (w.length != 2) {
                        throw new ParseException(n, "wait MS と書いてください", "expected wait MS");
                    }
                    steps.add(new Step.Wait(n, duration(n, w[1])));
                }
                default -> throw new ParseException(n, "不明な命令 " + w[0] + " (insert, remove, wait のみ)",
                        "unknown step " + w[0] + " (insert, remove and wait only)");
            }
        }
        return new Timeline(steps);
    }

    private static int slot(int line, String s) throws ParseException {
        try {
            int slot = Integer.parseInt(s);
            if (slot >= 0 && slot <= MAX_SLOT) {
                return slot;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ParseException(line, "スロットは 0〜" + MAX_SLOT + " の数字です: " + s,
                "a slot is a number 0-" + MAX_SLOT + ": " + s);
    }

    private static Duration duration(int line, String s) throws ParseException {
        String lower = s.toLowerCase(Locale.ROOT);
        try {
            long ms;
            if (lower.endsWith("ms")) {
                ms = Long.parseLong(lower.substring(0, lower.length() - 2));
            } else if (lower.endsWith("s")) {
                ms = Math.round(Double.parseDouble(lower.substring(0, lower.length() - 1)) * 1000);
            } else {
                ms = Long.parseLong(lower);
            }
            if (ms >= 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ParseException(line, "待ち時間はミリ秒の数字です: " + s, "a wait is a number of milliseconds: " + s);
    }
}
