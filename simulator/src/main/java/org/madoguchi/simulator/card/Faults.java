package org.madoguchi.simulator.card;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** The fault switches of one card; any thread may flip them while the card is in use. */
public final class Faults {
    private final AtomicReference<FaultSettings> settings = new AtomicReference<>(FaultSettings.NONE);

    public FaultSettings get() {
        return settings.get();
    }

    public void set(FaultSettings s) {
        settings.set(Objects.requireNonNull(s));
    }

    public FaultSettings update(UnaryOperator<FaultSettings> change) {
        return settings.updateAndGet(change);
    }

    /** Turns every fault off. */
    public void clear() {
        settings.set(FaultSettings.NONE);
    }

    /** The armed VERIFY drop, disarmed by taking it; {@code NONE} when none is armed. */
    FaultSettings.VerifyDrop takeVerifyDrop() {
        FaultSettings before = settings.getAndUpdate(s -> s.withVerifyDrop(FaultSettings.VerifyDrop.NONE));
        return before.verifyDrop();
    }
}
