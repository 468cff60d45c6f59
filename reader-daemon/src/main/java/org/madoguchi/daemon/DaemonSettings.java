package org.madoguchi.daemon;

import java.util.Objects;
import java.util.function.UnaryOperator;

import org.madoguchi.daemon.audit.AuditTrail;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.readers.StepHook;
import org.madoguchi.driver.face.engine.ModelSource;
import org.madoguchi.driver.pcsc.ReaderBackend;

/**
 * Everything needed to start a {@link Daemon}: the configuration (with command-line overrides
 * applied), the run mode, and two seams for tests and benchmarks that production leaves alone.
 *
 * @param config           the effective configuration
 * @param simulate         use the simulator's readers instead of PC/SC ({@code config.backend()} is ignored)
 * @param simulatedReaders how many simulated readers to attach in simulate mode
 * @param hook             called on the reader workers around each card step
 * @param backendWrapper   wraps the reader back-end (e.g. to time APDUs); identity in production
 * @param auditWrapper     wraps the audit trail (e.g. to make its disk slow); identity in production
 * @param faceModels       where the built-in face engine's weights are read; the jar in production
 */
public record DaemonSettings(DaemonConfig config, boolean simulate, int simulatedReaders, StepHook hook,
        UnaryOperator<ReaderBackend> backendWrapper, UnaryOperator<AuditTrail> auditWrapper, ModelSource faceModels) {
    public DaemonSettings {
        Objects.requireNonNull(config);
        Objects.requireNonNull(hook);
        Objects.requireNonNull(backendWrapper);
        Objects.requireNonNull(auditWrapper);
        Objects.requireNonNull(faceModels);
    }

    public DaemonSettings(DaemonConfig config, boolean simulate, int simulatedReaders, StepHook hook,
            UnaryOperator<ReaderBackend> backendWrapper, UnaryOperator<AuditTrail> auditWrapper) {
        this(config, simulate, simulatedReaders, hook, backendWrapper, auditWrapper, ModelSource.classpath());
    }

    public DaemonSettings(DaemonConfig config, boolean simulate, int simulatedReaders, StepHook hook,
            UnaryOperator<ReaderBackend> backendWrapper) {
        this(config, simulate, simulatedReaders, hook, backendWrapper, UnaryOperator.identity());
    }

    public static DaemonSettings simulated(DaemonConfig config, int readers) {
        return new DaemonSettings(config, true, readers, StepHook.NONE, UnaryOperator.identity());
    }

    public static DaemonSettings production(DaemonConfig config) {
        return new DaemonSettings(config, false, 0, StepHook.NONE, UnaryOperator.identity());
    }

    public DaemonSettings withConfig(DaemonConfig newConfig) {
        return new DaemonSettings(newConfig, simulate, simulatedReaders, hook, backendWrapper, auditWrapper, faceModels);
    }

    public DaemonSettings withHook(StepHook newHook) {
        return new DaemonSettings(config, simulate, simulatedReaders, newHook, backendWrapper, auditWrapper, faceModels);
    }

    public DaemonSettings withBackendWrapper(UnaryOperator<ReaderBackend> wrapper) {
        return new DaemonSettings(config, simulate, simulatedReaders, hook, wrapper, auditWrapper, faceModels);
    }

    public DaemonSettings withAuditWrapper(UnaryOperator<AuditTrail> wrapper) {
        return new DaemonSettings(config, simulate, simulatedReaders, hook, backendWrapper, wrapper, faceModels);
    }

    /** Reads the built-in face engine's weights from {@code source} (tests of a missing or corrupt file). */
    public DaemonSettings withFaceModels(ModelSource source) {
        return new DaemonSettings(config, simulate, simulatedReaders, hook, backendWrapper, auditWrapper, source);
    }
}
