package org.madoguchi.simulator.face;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.madoguchi.driver.face.FaceLiveness;
import org.madoguchi.driver.face.FaceMatch;
import org.madoguchi.driver.face.FaceMatcher;
import org.madoguchi.driver.face.FaceUnavailableException;
import org.madoguchi.driver.spi.Simulation.FaceOutcome;

/**
 * A face engine that looks at no image: per reader it reports what it was steered to
 * ({@code sim.face}), else the default of the profile on the reader, else a match. A match is a
 * distance of {@value #MATCH_DISTANCE}, a mismatch {@value #MISMATCH_DISTANCE} (below and above
 * every threshold the daemon accepts, 0.30–0.70), both against {@value #THRESHOLD}; liveness is
 * {@code live} except for {@code not_live} (a match that shows no sign of life). "No face" is
 * {@link FaceMatch.NoFaceInLive}. Steering lasts until it is cleared (the simulation clears it when
 * the card is taken out through it) or steered again; steering an empty reader applies to the next
 * card. Thread-safe.
 */
public final class SimulatedFaceMatcher implements FaceMatcher {
    public static final double MATCH_DISTANCE = 0.25;
    public static final double MISMATCH_DISTANCE = 0.85;
    public static final double THRESHOLD = 0.55;

    private final CardsOnReaders readers;
    private final Map<String, FaceOutcome> steered = new ConcurrentHashMap<>();

    public SimulatedFaceMatcher(CardsOnReaders readers) {
        this.readers = Objects.requireNonNull(readers);
    }

    /** The next comparisons on {@code reader} report {@code outcome}. */
    public void steer(String reader, FaceOutcome outcome) {
        steered.put(reader, Objects.requireNonNull(outcome));
    }

    /** Back to the profile's default. */
    public void clear(String reader) {
        steered.remove(reader);
    }

    /** What a comparison on the reader would report now. */
    public FaceOutcome outcome(String reader) {
        FaceOutcome s = steered.get(reader);
        if (s != null) {
            return s;
        }
        return readers.profileOn(reader).map(p -> p.recipe().defaultFace()).orElse(FaceOutcome.MATCH);
    }

    @Override
    public FaceMatch compare(String reader, byte[] cardPhoto, List<byte[]> liveFrames) throws FaceUnavailableException {
        if (reader == null || !readers.hasReader(reader)) {
            throw new FaceUnavailableException("no simulated reader named " + reader);
        }
        return switch (outcome(reader)) {
            case MATCH -> new FaceMatch.Compared(MATCH_DISTANCE, THRESHOLD, FaceLiveness.LIVE);
            case MISMATCH -> new FaceMatch.Compared(MISMATCH_DISTANCE, THRESHOLD, FaceLiveness.LIVE);
            case NOT_LIVE -> new FaceMatch.Compared(MATCH_DISTANCE, THRESHOLD, FaceLiveness.NOT_LIVE);
            case NO_FACE -> new FaceMatch.NoFaceInLive();
        };
    }
}
