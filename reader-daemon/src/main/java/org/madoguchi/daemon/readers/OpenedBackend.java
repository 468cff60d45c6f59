package org.madoguchi.daemon.readers;

import java.util.Optional;

import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.spi.Simulation;

/**
 * A back-end ready for use, with the simulation behind it in simulate mode.
 *
 * @param backend    where readers and cards are seen
 * @param simulation present only in simulate mode: the hands that insert and remove cards
 */
public record OpenedBackend(ReaderBackend backend, Optional<Simulation> simulation) implements AutoCloseable {

    @Override
    public void close() {
        if (simulation.isPresent()) {
            simulation.get().close();
        } else {
            backend.close();
        }
    }
}
