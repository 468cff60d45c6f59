package org.madoguchi.simulator.reader;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.madoguchi.driver.face.CardFaceReader;
import org.madoguchi.driver.face.FaceMatcher;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.spi.Simulation;
import org.madoguchi.driver.spi.SimulationException;
import org.madoguchi.driver.spi.SimulationException.Reason;
import org.madoguchi.simulator.card.Faults;
import org.madoguchi.simulator.card.MyNumberCardSim;
import org.madoguchi.simulator.card.Profile;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.card.VirtualCard;
import org.madoguchi.simulator.face.CardsOnReaders;
import org.madoguchi.simulator.face.SimulatedCardFaceReader;
import org.madoguchi.simulator.face.SimulatedFaceMatcher;
import org.madoguchi.simulator.pki.TestPki;
import org.madoguchi.simulator.state.CardStore;

/**
 * A {@link Simulation} over a {@link SimulatedReaderBackend}: the daemon's {@code --simulate} mode
 * and the tests' way to insert cards by profile name.
 *
 * <p>One card per profile: {@link #insert} puts the profile's card (its state from the
 * {@link CardStore}) into the reader, so inserting a profile again is putting the same card back,
 * counters and all, whether the store is in memory or in a state directory. Inserting one profile
 * into two readers at once puts in two cards that share one set of counters.
 */
public final class InProcessSimulation implements Simulation, CardsOnReaders {
    private final SimulatedReaderBackend backend;
    private final CardStore store;
    private final SimulatedFaceMatcher faceMatcher = new SimulatedFaceMatcher(this);
    private final SimulatedCardFaceReader cardFaceReader = new SimulatedCardFaceReader(this);
    /** What the simulation put in each reader; valid while the backend still holds that card. */
    private final Map<String, Inserted> inserted = new ConcurrentHashMap<>();

    private record Inserted(Profile profile, MyNumberCardSim card) {
    }

    /** A simulation whose cards live in memory. */
    public InProcessSimulation(SimulatedReaderBackend backend) {
        this(backend, CardStore.inMemory());
    }

    public InProcessSimulation(SimulatedReaderBackend backend, CardStore store) {
        this.backend = Objects.requireNonNull(backend);
        this.store = Objects.requireNonNull(store);
    }

    @Override
    public ReaderBackend backend() {
        return backend;
    }

    /** The concrete back-end, for callers that attach or detach readers. */
    public SimulatedReaderBackend simulatedBackend() {
        return backend;
    }

    public CardStore store() {
        return store;
    }

    @Override
    public List<ProfileInfo> profiles() {
        return Profiles.infos();
    }

    /** The test PKI's two {@code JPKI-TEST} roots, auth first. */
    @Override
    public List<X509Certificate> trustAnchors() {
        TestPki pki = TestPki.get();
        return List.of(pki.authRoot(), pki.signRoot());
    }

    /** Puts the profile's card in the reader, replacing (taking out) any card there. */
    @Override
    public void insert(String reader, String profile) throws SimulationException {
        requireReader(reader);
        Profile p = Profiles.get(profile);
        MyNumberCardSim card = p.newCard(store.state(p));
        if (backend.card(reader).isPresent()) {
            cleared(reader);
        }
        try {
            backend.insert(reader, card);
        } catch (IllegalArgumentException e) {
            throw unknownReader(reader);
        }
        inserted.put(reader, new Inserted(p, card));
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
        inserted.remove(reader);
        cleared(reader);
        if (!had) {
            throw new SimulationException(Reason.NO_CARD, "no card in " + reader);
        }
    }

    private void cleared(String reader) {
        faceMatcher.clear(reader);
        cardFaceReader.clear(reader);
    }

    @Override
    public CardFaceReader cardFaceReader() {
        return cardFaceReader;
    }

    @Override
    public FaceMatcher faceMatcher() {
        return faceMatcher;
    }

    /** The concrete OCR stand-in, to make it misread ({@link SimulatedCardFaceReader#steer}). */
    public SimulatedCardFaceReader simulatedCardFaceReader() {
        return cardFaceReader;
    }

    public SimulatedFaceMatcher simulatedFaceMatcher() {
        return faceMatcher;
    }

    @Override
    public void steerFace(String reader, FaceOutcome outcome) throws SimulationException {
        requireReader(reader);
        faceMatcher.steer(reader, Objects.requireNonNull(outcome));
    }

    /** Makes the simulated OCR on the reader read the card face correctly, wrongly, or not at all. */
    public void steerCardFace(String reader, SimulatedCardFaceReader.Reading reading) throws SimulationException {
        requireReader(reader);
        cardFaceReader.steer(reader, reading);
    }

    /** The card in the reader, if the simulation put it there and it is still in. */
    public Optional<MyNumberCardSim> card(String reader) {
        return current(reader).map(Inserted::card);
    }

    @Override
    public void injectFault(String reader, CardFault fault) throws SimulationException {
        faults(reader).update(f -> f.with(fault));
    }

    /** The fault switches of the card in the reader. */
    public Faults faults(String reader) throws SimulationException {
        requireReader(reader);
        return card(reader).map(MyNumberCardSim::faults)
                .orElseThrow(() -> new SimulationException(Reason.NO_CARD, "no card in " + reader));
    }

    /** Puts the profile's card back as issued (and deletes its saved state). */
    public void resetCard(String profile) throws SimulationException {
        store.reset(Profiles.get(profile).name());
    }

    @Override
    public boolean hasReader(String reader) {
        return reader != null && backend.hasReader(reader);
    }

    @Override
    public Optional<Profile> profileOn(String reader) {
        return current(reader).map(Inserted::profile);
    }

    private Optional<Inserted> current(String reader) {
        Inserted i = reader == null ? null : inserted.get(reader);
        if (i == null) {
            return Optional.empty();
        }
        Optional<VirtualCard> now = backend.card(reader);
        return now.isPresent() && now.get() == i.card() ? Optional.of(i) : Optional.empty();
    }

    private void requireReader(String reader) throws SimulationException {
        if (!hasReader(reader)) {
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
