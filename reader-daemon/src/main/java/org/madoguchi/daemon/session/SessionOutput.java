package org.madoguchi.daemon.session;

import java.util.Objects;

import org.madoguchi.daemon.protocol.ErrorCode;

/** What a session asks for in answer to an event. Applied in order by the runtime. */
public sealed interface SessionOutput {

    /** The command with this id was accepted: send {@code reply}. */
    record Accept(String commandId) implements SessionOutput {
    }

    /** The command was refused and nothing changed: send {@code error} to its sender. */
    record Refuse(String commandId, ErrorCode code, String message) implements SessionOutput {
        public Refuse {
            Objects.requireNonNull(code);
            Objects.requireNonNull(message);
        }
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
