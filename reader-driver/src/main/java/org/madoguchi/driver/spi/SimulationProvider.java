package org.madoguchi.driver.spi;

/**
 * Found through {@link java.util.ServiceLoader} when the daemon runs with {@code --simulate}. The
 * simulator module provides the only implementation; production builds may leave it out.
 */
public interface SimulationProvider {
    Simulation start(SimulationOptions options);
}
