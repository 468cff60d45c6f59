package org.madoguchi.daemon.readers;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.madoguchi.daemon.config.FaceConfig;
import org.madoguchi.driver.face.FaceMatch;
import org.madoguchi.driver.face.FaceMatcher;
import org.madoguchi.driver.face.FaceUnavailableException;
import org.madoguchi.driver.face.engine.BuiltinFaceMatcher;
import org.madoguchi.driver.face.engine.FaceEngineConfig;
import org.madoguchi.driver.face.engine.FaceModelException;
import org.madoguchi.driver.face.engine.FaceVerifier;
import org.madoguchi.driver.face.engine.LivenessPolicy;
import org.madoguchi.driver.face.engine.ModelSource;
import org.madoguchi.driver.face.ocr.CardFrontReader;
import org.madoguchi.driver.spi.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and loads the daemon's face engine from {@code face.*} (docs/operations.md):
 * <ul>
 * <li>production: the built-in engine, loaded at start; a missing or corrupt weight file is logged as
 * an error naming the file and face mode is then not offered (PIN and 目視確認 work on);
 * 照合番号B is read by the card-front OCR off a photograph from the kiosk ({@code face.cardCode: auto}
 * or {@code camera}, when libtesseract and its {@code jpn} data load) with staff typing it as the
 * fallback, or only typed ({@code typed}, or the OCR missing: logged once, in Japanese and English);</li>
 * <li>{@code --simulate}: the simulator's stand-in ({@code sim.face}) for profile cards, whose photo is
 * a placeholder, and the built-in engine (loaded on first use) for a card inserted with a real photo;
 * {@code face.engine} set explicitly uses that engine for every card; 照合番号B comes from the
 * simulated OCR stand-in unless {@code face.cardCode: typed}, or {@code camera}: the real card-front
 * OCR on photographs of the simulated card's front, as in production.</li>
 * </ul>
 * Closing the result stops the built-in engine's threads.
 */
public final class FaceEngines implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FaceEngines.class);

    private final Optional<FaceEngine> face;
    private boolean loadStarted;
    private final Builtin builtin;
    private final CardFrontSlot cardFront;

    private FaceEngines(Optional<FaceEngine> face, Builtin builtin, CardFrontSlot cardFront) {
        this.face = face;
        this.builtin = builtin;
        this.cardFront = cardFront;
    }

    /** What face mode runs on; empty: face mode is not offered. */
    public Optional<FaceEngine> face() {
        return face;
    }

    /**
     * @throws IllegalArgumentException for {@code face.engine: simulated} without {@code --simulate}
     */
    public static FaceEngines choose(FaceConfig config, Optional<Simulation> simulation, ModelSource models) {
        Builtin builtin = new Builtin(config, models);
        if (simulation.isEmpty()) {
            if (config.engine().filter(e -> e == FaceConfig.Engine.SIMULATED).isPresent()) {
                throw new IllegalArgumentException("face.engine: simulated は --simulate のときだけ使えます"
                        + " / face.engine: simulated needs --simulate");
            }
            // Loaded once the daemon listens (startLoading), not in the start-up's way: first the card-front OCR
            // (libtesseract and its jpn data, 0.1–0.4 s), then the engine (about half a second of CPU on two
            // cores). A card placed before the OCR is there is asked for a typed 照合番号B; one placed before the
            // engine is there is offered face and its first comparison waits; a failure is logged and face is
            // offered to no card after it.
            builtin.expectLoad();
            CardFrontSlot front = new CardFrontSlot(config.cardCode() == FaceConfig.CardCode.TYPED ? null
                    : config.cardCode());
            return new FaceEngines(Optional.of(new FaceEngine(Optional.empty(), front::reader, builtin, "builtin",
                    builtin::usable)), builtin, front);
        }
        Simulation sim = simulation.get();
        Optional<org.madoguchi.driver.face.CardFaceReader> ocr = config.cardCode() == FaceConfig.CardCode.AUTO
                ? Optional.of(sim.cardFaceReader()) : Optional.empty();
        CardFrontSlot front = CardFrontSlot.opened(config.cardCode() == FaceConfig.CardCode.CAMERA
                ? openCardFront(config.cardCode()) : Optional.empty());
        if (config.engine().isPresent()) {
            if (config.engine().get() == FaceConfig.Engine.SIMULATED) {
                return new FaceEngines(Optional.of(new FaceEngine(ocr, front::reader, sim.faceMatcher(),
                        "simulated", () -> true)), builtin, front);
            }
            if (!builtin.loadNow()) {
                front.close();
                return new FaceEngines(Optional.empty(), builtin, CardFrontSlot.opened(Optional.empty()));
            }
            return new FaceEngines(Optional.of(new FaceEngine(ocr, front::reader, builtin, "builtin", () -> true)),
                    builtin, front);
        }
        FaceMatcher routed = new ByPhoto(sim::hasRealPhoto, builtin, sim.faceMatcher());
        return new FaceEngines(Optional.of(new FaceEngine(ocr, front::reader, routed, "simulated+builtin",
                () -> true)), builtin, front);
    }

    /**
     * The card-front OCR (libtesseract and its {@code jpn} data); empty, with one log line in Japanese and
     * English saying why, when it cannot be loaded: staff then type 照合番号B.
     */
    private static Optional<CardFrontReader> openCardFront(FaceConfig.CardCode asked) {
        return openCardFront(asked, CardFrontReader::open);
    }

    /** Opens the card-front OCR (the daemon's: {@link CardFrontReader#open()}). */
    @FunctionalInterface
    interface CardFrontOpener {
        CardFrontReader open() throws FaceUnavailableException;
    }

    static Optional<CardFrontReader> openCardFront(FaceConfig.CardCode asked, CardFrontOpener opener) {
        long start = System.nanoTime();
        try {
            CardFrontReader reader = opener.open();
            log.info("card-front reader loaded (Tesseract {}) in {} ms: 照合番号B is read from the card front by the"
                    + " kiosk camera, staff may type it instead", reader.engineVersion(),
                    (System.nanoTime() - start) / 1_000_000);
            return Optional.of(reader);
        } catch (FaceUnavailableException | RuntimeException | LinkageError e) {
            String why = e instanceof FaceUnavailableException ? e.getMessage() : e.getClass().getName();
            String text = "券面の読み取り(OCR)を使えません。照合番号Bは職員が入力します / The card-front reader (OCR) cannot"
                    + " be used; staff type 照合番号B (face.cardCode: " + asked.code() + "): {}";
            if (asked == FaceConfig.CardCode.CAMERA) {
                log.error(text, why);
            } else {
                log.warn(text, why);
            }
            return Optional.empty();
        }
    }

    /**
     * For {@code /health}: how 照合番号B is had: {@code camera} (the card-front OCR is loaded; staff may still
     * type it), {@code typed}, or {@code simulated} (the simulator's stand-in); {@code loading} while the OCR
     * opens after start; {@code unavailable} without face mode.
     */
    public String cardCodeStatus() {
        if (face.isEmpty()) {
            return "unavailable";
        }
        FaceEngine f = face.get();
        if (f.typedCode() && cardFront.pending()) {
            return "loading";
        }
        return !f.typedCode() ? "simulated" : f.camera() ? "camera" : "typed";
    }

    /** Starts loading the built-in engine's weights if it is to be loaded in the background (production). */
    public void startLoading() {
        if (builtin.loading() && !loadStarted) {
            loadStarted = true;
            builtin.loadInBackground(cardFront::open);
        }
    }

    /**
     * For {@code /health}: {@code ok}; {@code loading} while the weights load (from when the daemon listens); or
     * {@code unavailable} when face mode is not offered or its weights are broken.
     */
    public String status() {
        if (face.isEmpty()) {
            return "unavailable";
        }
        if (face.get().matcher() == builtin || face.get().matcher() instanceof ByPhoto) {
            return !builtin.usable() ? "unavailable" : builtin.loading() ? "loading" : "ok";
        }
        return "ok";
    }

    @Override
    public void close() {
        builtin.close();
        cardFront.close();
    }

    /**
     * The card-front OCR: opened at start ({@link #opened}), after start ({@link #open()}, production: once the
     * daemon listens), or never. Until it is open, sessions ask for a typed 照合番号B.
     */
    static final class CardFrontSlot {
        private final FaceConfig.CardCode asked;
        private volatile Optional<CardFrontReader> reader = Optional.empty();
        private volatile boolean pending;
        private boolean closed;

        /** To be opened by {@link #open()}; {@code asked} null: never (typed). */
        CardFrontSlot(FaceConfig.CardCode asked) {
            this.asked = asked;
            this.pending = asked != null;
        }

        static CardFrontSlot opened(Optional<CardFrontReader> reader) {
            CardFrontSlot slot = new CardFrontSlot(null);
            slot.reader = reader;
            return slot;
        }

        Optional<CardFrontReader> reader() {
            return reader;
        }

        boolean pending() {
            return pending;
        }

        void open() {
            if (!pending) {
                return;
            }
            try {
                Optional<CardFrontReader> opened = openCardFront(asked);
                synchronized (this) {
                    if (closed) {
                        opened.ifPresent(CardFrontReader::close);
                    } else {
                        reader = opened;
                    }
                }
            } finally {
                pending = false;
            }
        }

        synchronized void close() {
            closed = true;
            reader.ifPresent(CardFrontReader::close);
            reader = Optional.empty();
        }
    }

    /** Cards with a real photo go to {@code real}, others (the simulator's placeholders) to {@code placeholder}. */
    record ByPhoto(Predicate<String> realPhoto, FaceMatcher real, FaceMatcher placeholder) implements FaceMatcher {
        @Override
        public FaceMatch compare(String reader, byte[] cardPhoto, List<byte[]> liveFrames)
                throws FaceUnavailableException {
            return (realPhoto.test(reader) ? real : placeholder).compare(reader, cardPhoto, liveFrames);
        }
    }

    /** The built-in engine, loaded once (at start, or on first use in {@code --simulate}). */
    static final class Builtin implements FaceMatcher {
        private final FaceConfig config;
        private final ModelSource models;
        private final Object loadLock = new Object();
        private org.madoguchi.driver.face.engine.FaceEngine engine;
        private volatile BuiltinFaceMatcher matcher;
        private volatile boolean failed;
        private volatile boolean closed;
        private volatile boolean loading;

        Builtin(FaceConfig config, ModelSource models) {
            this.config = Objects.requireNonNull(config);
            this.models = Objects.requireNonNull(models);
        }

        /** Says {@code loading} until {@link #loadInBackground()} has run. */
        void expectLoad() {
            loading = true;
        }

        /** Starts loading the weights on a thread of its own, after {@code first}. */
        void loadInBackground(Runnable first) {
            loading = true;
            Thread t = new Thread(() -> {
                try {
                    first.run();
                    loadNow();
                } finally {
                    loading = false;
                }
            }, "face-engine-load");
            t.setDaemon(true);
            t.start();
        }

        boolean loading() {
            return loading;
        }

        /**
         * Loads the weights; false (and an error in the log naming the file) when they cannot be used. Loads run
         * one at a time ({@code loadLock}); {@link #close()} does not wait for one (a hung read must not hang the
         * shutdown): an engine loaded after close is closed at once.
         */
        boolean loadNow() {
            synchronized (loadLock) {
                if (matcher != null) {
                    return true;
                }
                if (failed || closed) {
                    return false;
                }
                long start = System.nanoTime();
                org.madoguchi.driver.face.engine.FaceEngine loaded;
                try {
                    loaded = org.madoguchi.driver.face.engine.FaceEngine.load(
                            FaceEngineConfig.defaults().withThreshold(config.threshold()), models);
                } catch (FaceModelException e) {
                    failed = true;
                    log.error("顔認証エンジンを読み込めません。顔認証は使えません(暗証番号と目視確認は使えます): {}"
                            + " / The face engine cannot be loaded; face verification is off (PIN and visual checks work):"
                            + " model file {} ({})", e.getMessage(), e.fileName(), e.reason());
                    return false;
                } catch (RuntimeException e) {
                    failed = true;
                    log.error("顔認証エンジンを読み込めません / The face engine cannot be loaded: {}", e.getClass().getName());
                    return false;
                }
                synchronized (this) {
                    if (closed) {
                        loaded.close();
                        return false;
                    }
                    engine = loaded;
                    matcher = new BuiltinFaceMatcher(new FaceVerifier(loaded, LivenessPolicy.defaults()),
                            config.liveness());
                }
                log.info("face engine loaded (builtin, threshold {}, liveness {}) in {} ms", config.threshold(),
                        config.liveness() ? "on" : "off", (System.nanoTime() - start) / 1_000_000);
                if (!config.liveness()) {
                    log.warn("face.liveness: off — 生体確認をしません。カメラ自体に認証済みのなりすまし検知がある場合だけ使ってください"
                            + " / no liveness check: use only with a camera that has certified PAD of its own");
                }
                return true;
            }
        }

        @Override
        public FaceMatch compare(String reader, byte[] cardPhoto, List<byte[]> liveFrames)
                throws FaceUnavailableException {
            BuiltinFaceMatcher m = loadNow() ? matcher : null;
            if (m == null) {
                throw new FaceUnavailableException("顔認証エンジンがありません / no face engine");
            }
            return m.compare(reader, cardPhoto, liveFrames);
        }

        /** Whether the weights are loaded, or being loaded, or (before the first use in {@code --simulate}) not known to be broken. */
        boolean usable() {
            return !failed && !closed;
        }

        synchronized void close() {
            closed = true;
            if (engine != null) {
                engine.close();
                engine = null;
                matcher = null;
            }
        }
    }
}
