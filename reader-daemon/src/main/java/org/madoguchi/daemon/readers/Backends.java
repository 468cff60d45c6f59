package org.madoguchi.daemon.readers;

import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import org.madoguchi.daemon.StartupException;
import org.madoguchi.daemon.config.BackendKind;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pcsc.jdk.JdkReaderBackend;
import org.madoguchi.driver.pcsc.jna.JnaReaderBackend;
import org.madoguchi.driver.spi.Simulation;
import org.madoguchi.driver.spi.SimulationOptions;
import org.madoguchi.driver.spi.SimulationProvider;

/** Opens the reader back-end the daemon was asked for. The one place that knows every back-end. */
public final class Backends {
    private Backends() {
    }

    /** A real PC/SC back-end. */
    public static OpenedBackend open(BackendKind kind) throws StartupException {
        ReaderBackend backend = switch (kind) {
            case JDK -> openJdk();
            case JNA -> openJna();
        };
        return new OpenedBackend(backend, Optional.empty());
    }

    /**
     * Our own PC/SC binding. Where the native library cannot be loaded (no pcsc-lite installed,
     * a JNA that does not support the platform), fall back to javax.smartcardio with a warning.
     */
    private static ReaderBackend openJna() throws StartupException {
        try {
            return new JnaReaderBackend();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Backends.class).warn(
                    "jna バックエンドを読み込めないため jdk を使います / Cannot load the jna back-end ({});"
                            + " falling back to jdk", e.getMessage());
            return openJdk();
        }
    }

    private static ReaderBackend openJdk() throws StartupException {
        try {
            return new JdkReaderBackend();
        } catch (RuntimeException e) {
            throw new StartupException(StartupException.FAILURE,
                    "jdk バックエンドを開けません / Cannot open the jdk back-end: " + e.getMessage(), e);
        }
    }

    /**
     * The simulator's in-process readers, found through {@link ServiceLoader} so that no simulator
     * code is reachable unless the daemon runs with {@code --simulate}.
     */
    public static OpenedBackend simulated(int readers) throws StartupException {
        if (readers < 1 || readers > 16) {
            throw new StartupException(StartupException.USAGE,
                    "--readers は 1〜16 で指定してください / --readers must be between 1 and 16: " + readers);
        }
        SimulationProvider provider;
        try {
            provider = ServiceLoader.load(SimulationProvider.class).findFirst()
                    .orElseThrow(() -> new StartupException(StartupException.USAGE,
                            "この madoguchi は本番用で、シミュレーターを含みません。--simulate は開発用です"
                                    + "(開発用の reader-daemon/target/madoguchi.jar で使えます)"
                                    + " / This madoguchi is the production build and has no simulator; --simulate is"
                                    + " for development (use the developer jar, reader-daemon/target/madoguchi.jar)"));
        } catch (ServiceConfigurationError e) {
            throw new StartupException(StartupException.USAGE,
                    "シミュレーターを読み込めません / Cannot load the simulator: " + e.getMessage(), e);
        }
        Simulation simulation;
        try {
            simulation = provider.start(new SimulationOptions(readers, Optional.empty()));
        } catch (RuntimeException e) {
            throw new StartupException(StartupException.FAILURE,
                    "シミュレーターを起動できません / Cannot start the simulator: " + e.getMessage(), e);
        }
        return new OpenedBackend(simulation.backend(), Optional.of(simulation));
    }
}
