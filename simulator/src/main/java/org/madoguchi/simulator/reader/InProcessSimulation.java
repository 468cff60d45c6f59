package org.madoguchi.simulator.reader;

import java.util.List;
import java.util.Objects;

import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.spi.Simulation;
import org.madoguchi.driver.spi.SimulationException;
import org.madoguchi.driver.spi.SimulationException.Reason;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.card.VirtualCard;

/** A {@link Simulation} over a {@link SimulatedReaderBackend}: the daemon's {@code --simulate} mode. */
public final class InProcessSimulation implements Simulation {
    private final SimulatedReaderBackend backend;

    public InProcessSimulation(SimulatedReaderBackend backend) {
        this.backend = Objects.requireNonNull(backend);
    }

    @Override
    public ReaderBackend backend() {
        return backend;
    }

    /** The concrete back-end, for callers that attach or detach readers. */
    public SimulatedReaderBackend simulatedBackend() {
        return backend;
    }

    @Override
    public List<ProfileInfo> profiles() {
        return Profiles.infos();
    }

    /** Inserts a new card of the profile, with fresh counters (state directories come later). */
    @Override
    public void insert(String reader, String profile) throws SimulationException {
        requireReader(reader);
        VirtualCard card = Profiles.create(profile);
        try {
            backend.insert(reader, card);
        } catch (IllegalArgumentException e) {
            throw unknownReader(reader);
        }
    }

    @Override
    public void remove(String reader) throws SimulationException {
        requireReader(reader);
        boolean had;
        try {
            had = backend.remove(reader);
        } catch (IllegalArgumentException e) {
            throw unknownReader(reader);
        }
        if (!had) {
            throw new SimulationException(Reason.NO_CARD, "no card in " + reader);
        }
    }

    private void requireReader(String reader) throws SimulationException {
        if (reader == null || !backend.hasReader(reader)) {
            throw unknownReader(reader);
        }
    }

    private static SimulationException unknownReader(String reader) {
        return new SimulationException(Reason.UNKNOWN_READER, "unknown reader: " + reader);
    }

    @Override
    public void close() {
        backend.close();
    }
}
