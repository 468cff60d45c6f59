package org.madoguchi.simulator.reader;

import org.madoguchi.driver.spi.Simulation;
import org.madoguchi.driver.spi.SimulationOptions;
import org.madoguchi.driver.spi.SimulationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's entry point for {@link java.util.ServiceLoader}: the daemon started with
 * {@code --simulate} gets {@code options.readers()} empty simulated readers.
 */
public final class SimulatedProvider implements SimulationProvider {
    private static final Logger log = LoggerFactory.getLogger(SimulatedProvider.class);

    @Override
    public Simulation start(SimulationOptions options) {
        options.stateDir().ifPresent(dir -> log.warn(
                "カード状態の保存はまだ未対応です。メモリ上のみで動作します / card state directories are not supported yet; "
                        + "keeping state in memory only ({})", dir));
        SimulatedReaderBackend backend = new SimulatedReaderBackend(options.readers());
        log.info("シミュレータ起動: 仮想リーダー {} 台 / simulation started with {} simulated readers",
                options.readers(), options.readers());
        return new InProcessSimulation(backend);
    }
}
