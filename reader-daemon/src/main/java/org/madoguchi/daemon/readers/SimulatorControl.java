package org.madoguchi.daemon.readers;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.madoguchi.driver.spi.Simulation;
import org.madoguchi.driver.spi.SimulationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@code sim.*} commands on one thread of its own (the simulator may be slow, e.g. when
 * it makes keys, and must not hold up the network threads). The outcome is reported while the hub
 * holds reader events back, so a client gets the reply to its command before the reader events
 * the command causes.
 */
public final class SimulatorControl implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulatorControl.class);

    private final Simulation simulation;
    private final ReaderHub hub;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "simulator-control");
        t.setDaemon(true);
        return t;
    });

    /** How a command ended; called with reader events held back, so it must not block. */
    public interface Completion {
        void succeeded();

        /** The simulator refused: unknown reader or profile, no card. */
        void refused(SimulationException e);

        /** The simulator failed unexpectedly (logged here). */
        void failed();
    }

    public SimulatorControl(Simulation simulation, ReaderHub hub) {
        this.simulation = Objects.requireNonNull(simulation);
        this.hub = Objects.requireNonNull(hub);
    }

    /** The names of the profiles that {@link #insert} accepts. */
    public List<String> profileNames() {
        return simulation.profiles().stream().map(Simulation.ProfileInfo::name).toList();
    }

    public void insert(String reader, String profile, Completion completion) {
        insert(reader, profile, java.util.Optional.empty(), completion);
    }

    /** Places the profile's card, with {@code photo} (JPEG or PNG) as its card-face photo when given. */
    public void insert(String reader, String profile, java.util.Optional<byte[]> photo, Completion completion) {
        run("insert", completion, () -> simulation.insert(reader, profile, photo));
    }

    public void remove(String reader, Completion completion) {
        run("remove", completion, () -> simulation.remove(reader));
    }

    /** Decides what the simulated face matcher reports next on {@code reader}. */
    public void steerFace(String reader, Simulation.FaceOutcome outcome, Completion completion) {
        run("face", completion, () -> simulation.steerFace(reader, outcome));
    }

    /** Turns a fault on for the card in {@code reader}. */
    public void injectFault(String reader, Simulation.CardFault fault, Completion completion) {
        run("fault", completion, () -> simulation.injectFault(reader, fault));
    }

    private void run(String what, Completion completion, ReaderHub.HeldAction<SimulationException> action) {
        try {
            executor.execute(() -> hub.holdingEvents(() -> {
                try {
                    action.run();
                    completion.succeeded();
                } catch (SimulationException e) {
                    completion.refused(e);
                } catch (RuntimeException e) {
                    log.error("simulator {} failed", what, e);
                    completion.failed();
                }
            }));
        } catch (RejectedExecutionException e) {
            completion.failed();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
