package org.madoguchi.daemon;

import java.util.Objects;

import org.madoguchi.daemon.config.DaemonConfig;

/**
 * Everything needed to start a {@link Daemon}: the configuration (with command-line overrides
 * applied) and the run mode.
 *
 * @param config           the effective configuration
 * @param simulate         use the simulator's readers instead of PC/SC ({@code config.backend()} is ignored)
 * @param simulatedReaders how many simulated readers to attach in simulate mode
 */
public record DaemonSettings(DaemonConfig config, boolean simulate, int simulatedReaders) {
    public DaemonSettings {
        Objects.requireNonNull(config);
    }

    public static DaemonSettings simulated(DaemonConfig config, int readers) {
        return new DaemonSettings(config, true, readers);
    }

    public static DaemonSettings production(DaemonConfig config) {
        return new DaemonSettings(config, false, 0);
    }
}
