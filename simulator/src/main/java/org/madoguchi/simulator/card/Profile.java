package org.madoguchi.simulator.card;

import java.util.Objects;
import java.util.function.Supplier;

import org.madoguchi.driver.spi.Simulation;

/**
 * A named kind of simulated card: {@code default}, {@code pin-blocked}, {@code iphone}, ….
 *
 * @param name        the stable name used by the CLI and {@code sim.insert}
 * @param description one line, Japanese then English
 * @param factory     makes a new card, with fresh state, each time it is called
 */
public record Profile(String name, String description, Supplier<MyNumberCardSim> factory) {

    public Profile {
        Objects.requireNonNull(name);
        Objects.requireNonNull(description);
        Objects.requireNonNull(factory);
    }

    /** A new card of this profile, unpowered, with its counters at the profile's start values. */
    public MyNumberCardSim newCard() {
        return factory.get();
    }

    public Simulation.ProfileInfo info() {
        return new Simulation.ProfileInfo(name, description);
    }
}
