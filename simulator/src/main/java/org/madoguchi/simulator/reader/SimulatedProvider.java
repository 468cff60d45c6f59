package org.madoguchi.simulator.reader;

import org.madoguchi.driver.spi.Simulation;
import org.madoguchi.driver.spi.SimulationOptions;
import org.madoguchi.driver.spi.SimulationProvider;
import org.madoguchi.simulator.state.CardStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's entry point for {@link java.util.ServiceLoader}: the daemon started with
 * {@code --simulate} gets {@code options.readers()} empty simulated readers, with card state in
 * {@code options.stateDir()} (or in memory).
 */
public final class SimulatedProvider implements SimulationProvider {
    private static final Logger log = LoggerFactory.getLogger(SimulatedProvider.class);

    @Override
    public Simulation start(SimulationOptions options) {
        CardStore store = CardStore.of(options.stateDir());
        SimulatedReaderBackend backend = new SimulatedReaderBackend(options.readers());
        log.info("シミュレータ起動: 仮想リーダー {} 台、カード状態 {} / simulation started with {} simulated readers, "
                + "card state in {}", options.readers(), store, options.readers(), store);
        return new InProcessSimulation(backend, store);
    }
}
