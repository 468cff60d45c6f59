package org.madoguchi.daemon.session;

import java.util.Objects;


/** What a session asks for in answer to an event. Applied in order by the runtime. */
public sealed interface SessionOutput {

    /** The command with this id was accepted: send {@code reply}. */
    record Accept(String commandId) implements SessionOutput {
    }

    /**
     * The session's state does not take the command; nothing changed: send {@code error bad_state}
     * to its sender.
     */
    record Refuse(String commandId, Text message, Why why) implements SessionOutput {
        public Refuse {
            Objects.requireNonNull(message);
            Objects.requireNonNull(why);
        }

        /** Refused because of the session's state ({@code bad_state}). */
        public Refuse(String commandId, Text message) {
            this(commandId, message, Why.STATE);
        }
    }

    /**
     * Why a command was refused: the session's state ({@code bad_state}), its fields ({@code bad_request}),
     * or it came too soon after the last one of its kind ({@code rate_limited}).
     */
    enum Why {
        STATE, REQUEST, RATE
    }

    /**
     * Start a timer: after {@code after}, hand the session {@link SessionEvent.TimerFired} with
     * this {@code step} (the consent step's timeout, or how long a lifted card may stay away). A timer for a step the session no longer waits for is ignored.
     */
    record Wait(long step, java.time.Duration after) implements SessionOutput {
    }

    /** The session changed: send {@code session} to every client. */
    record Publish(SessionView view) implements SessionOutput {
    }

    /** The session ended: send {@code result} to every client. Nothing follows it. */
    record Finish(SessionResult result) implements SessionOutput {
    }

    /** Run a step on the reader's worker. */
    record Run(CardAction action) implements SessionOutput {
    }
}
