package org.madoguchi.daemon.config;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Face verification settings for the verification sessions.
 *
 * @param maxAttempts face attempts (mismatch, no face, not live) before falling back to PIN or 目視確認 (default 3)
 * @param threshold   the largest Euclidean distance between the card's face and the live face that
 *                    counts as the same person (default 0.55, the built-in engine's calibrated value;
 *                    0.30–0.70)
 * @param liveness    whether a capture must show a live person (a blink or a head turn over a burst of
 *                    frames); {@code off} only for a camera with certified PAD of its own (default on)
 * @param engine      {@code builtin} or {@code simulated}; empty: the default (the built-in engine; in
 *                    {@code --simulate} the stand-in for profile cards and the built-in engine for cards
 *                    with a real photo)
 * @param cardCode    how 照合番号B is had: {@code auto} (production: read off a photograph of the card front
 *                    by the card-front OCR when it loads, else typed by staff; {@code --simulate}: the
 *                    simulator's OCR stand-in), {@code camera} (the card-front OCR, also in
 *                    {@code --simulate}; typed when it cannot load) or {@code typed} (always typed by staff)
 * @param cardLift    how long the card may be off the reader while the patient holds its front up to the
 *                    camera (default 30 s, at most 5 minutes); {@code 0} or {@code off}: lifting the card ends
 *                    the session
 */
public record FaceConfig(int maxAttempts, double threshold, boolean liveness, Optional<Engine> engine,
        CardCode cardCode, java.time.Duration cardLift) {
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final double DEFAULT_THRESHOLD = 0.55;
    public static final double MIN_THRESHOLD = 0.30;
    public static final double MAX_THRESHOLD = 0.70;
    public static final java.time.Duration DEFAULT_CARD_LIFT = java.time.Duration.ofSeconds(30);
    public static final java.time.Duration MAX_CARD_LIFT = java.time.Duration.ofMinutes(5);
    public static final FaceConfig DEFAULT = new FaceConfig(DEFAULT_MAX_ATTEMPTS, DEFAULT_THRESHOLD, true,
            Optional.empty(), CardCode.AUTO, DEFAULT_CARD_LIFT);

    /** Which face engine compares faces. */
    public enum Engine {
        /** The built-in offline engine ({@code org.madoguchi.driver.face.engine}). */
        BUILTIN("builtin"),
        /** The simulator's stand-in, steered by {@code sim.face} ({@code --simulate} only). */
        SIMULATED("simulated");

        private final String code;

        Engine(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** How 照合番号B reaches the card. */
    public enum CardCode {
        /** Production: the card-front OCR when it loads, else typed; {@code --simulate}: the stand-in. */
        AUTO("auto"),
        /** The card-front OCR on photographs from the kiosk (staff may type instead). */
        CAMERA("camera"),
        /** Always typed by staff. */
        TYPED("typed");

        private final String code;

        CardCode(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    @JsonCreator
    static FaceConfig fromYaml(
            @JsonProperty("maxAttempts") Integer maxAttempts,
            @JsonProperty("threshold") Double threshold,
            @JsonProperty("liveness") Object liveness,
            @JsonProperty("engine") String engine,
            @JsonProperty("cardCode") String cardCode,
            @JsonProperty("cardLift") Object cardLift) {
        return new FaceConfig(
                maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : maxAttempts,
                threshold == null ? DEFAULT_THRESHOLD : threshold,
                liveness == null || onOff(liveness),
                engine == null ? Optional.empty() : Optional.of(engine(engine)),
                cardCode == null ? CardCode.AUTO : cardCode(cardCode),
                cardLift == null ? DEFAULT_CARD_LIFT : cardLift(cardLift));
    }

    private static java.time.Duration cardLift(Object v) {
        String s = String.valueOf(v).strip();
        if (Boolean.FALSE.equals(v) || s.equalsIgnoreCase("off")) {
            return java.time.Duration.ZERO;
        }
        return Durations.parse("face.cardLift", s);
    }

    public FaceConfig {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("face.maxAttempts は 1〜10 で指定してください"
                    + " / face.maxAttempts must be between 1 and 10: " + maxAttempts);
        }
        if (!(threshold >= MIN_THRESHOLD && threshold <= MAX_THRESHOLD)) {
            throw new IllegalArgumentException("face.threshold は顔の特徴量の距離で、0.30〜0.70 で指定してください(既定 0.55)"
                    + " / face.threshold is a descriptor distance between 0.30 and 0.70 (default 0.55): " + threshold);
        }
        engine = engine == null ? Optional.empty() : engine;
        if (cardCode == null) {
            cardCode = CardCode.AUTO;
        }
        if (cardLift == null) {
            cardLift = DEFAULT_CARD_LIFT;
        }
        if (cardLift.isNegative() || cardLift.compareTo(MAX_CARD_LIFT) > 0) {
            throw new IllegalArgumentException("face.cardLift は 0(off)〜5m で指定してください / face.cardLift must be "
                    + "between 0 (off) and 5m: " + cardLift.toSeconds() + "s");
        }
    }

    public FaceConfig withEngine(Engine e) {
        return new FaceConfig(maxAttempts, threshold, liveness, Optional.of(e), cardCode, cardLift);
    }

    public FaceConfig withLiveness(boolean on) {
        return new FaceConfig(maxAttempts, threshold, on, engine, cardCode, cardLift);
    }

    public FaceConfig withCardCode(CardCode c) {
        return new FaceConfig(maxAttempts, threshold, liveness, engine, c, cardLift);
    }

    public FaceConfig withCardLift(java.time.Duration d) {
        return new FaceConfig(maxAttempts, threshold, liveness, engine, cardCode, d);
    }

    private static boolean onOff(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).strip().toLowerCase(Locale.ROOT);
        if (s.equals("on")) {
            return true;
        }
        if (s.equals("off")) {
            return false;
        }
        throw new IllegalArgumentException("face.liveness は on か off です / face.liveness must be on or off: " + v);
    }

    private static Engine engine(String v) {
        for (Engine e : Engine.values()) {
            if (e.code.equals(v.strip())) {
                return e;
            }
        }
        throw new IllegalArgumentException("face.engine は builtin か simulated です / face.engine must be builtin or "
                + "simulated: " + v);
    }

    private static CardCode cardCode(String v) {
        for (CardCode c : CardCode.values()) {
            if (c.code.equals(v.strip())) {
                return c;
            }
        }
        throw new IllegalArgumentException("face.cardCode は auto, camera, typed のいずれかです / face.cardCode must be auto, camera or typed: " + v);
    }
}
