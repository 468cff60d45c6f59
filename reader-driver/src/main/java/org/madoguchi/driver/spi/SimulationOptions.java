package org.madoguchi.driver.spi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to set up an in-process simulation.
 *
 * @param readers  how many simulated readers to attach at start (at least 1)
 * @param stateDir where card state (retry counters) is kept; empty for memory only
 */
public record SimulationOptions(int readers, Optional<Path> stateDir) {
    public SimulationOptions {
        if (readers < 1) {
            throw new IllegalArgumentException("readers must be at least 1");
        }
    }
}
