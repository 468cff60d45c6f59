package org.madoguchi.daemon.readers;

import org.madoguchi.daemon.session.CardAction;

/**
 * Called on a reader's worker thread around each card step. Production uses {@link #NONE}; tests
 * use it to hold a step while they remove a card or let a step time out, and the benchmark to
 * time steps. Must never see a PIN (it is given the action, which carries none).
 */
public interface StepHook {
    StepHook NONE = new StepHook() {
    };

    /** Before the step touches the card. May block (the step's timeout is running). */
    default void beforeStep(String reader, CardAction action) throws InterruptedException {
    }

    /** After the step, with its duration on the worker thread. */
    default void afterStep(String reader, CardAction action, long nanos) {
    }
}
