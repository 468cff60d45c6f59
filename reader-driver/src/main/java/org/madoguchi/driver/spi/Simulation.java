package org.madoguchi.driver.spi;

import java.util.List;

import org.madoguchi.driver.pcsc.ReaderBackend;

/** A running in-process simulation: simulated readers, and the hands that insert and remove cards. */
public interface Simulation extends AutoCloseable {

    /** The back-end through which the daemon sees the simulated readers. */
    ReaderBackend backend();

    /** The card profiles that can be inserted, with a one-line description each. */
    List<ProfileInfo> profiles();

    /** Places a new card of the given profile in the reader (replacing any card there). */
    void insert(String reader, String profile) throws SimulationException;

    /** Takes the card out of the reader. */
    void remove(String reader) throws SimulationException;

    @Override
    void close();

    /** A profile's name and what makes it different. */
    record ProfileInfo(String name, String description) {
    }
}
