package org.madoguchi.daemon.readers;

import java.security.SecureRandom;
import java.time.Instant;

import org.madoguchi.daemon.protocol.ClientMessage;
import org.madoguchi.daemon.session.SessionEvent;

/** Turns a decoded client command into a session event, stamped with the moment it arrived. */
final class SessionCommands {
    /**
     * The challenge made for a {@code submitPin} that brought none (docs/protocol.md, "PIN mode:
     * challenge and signature").
     */
    static final int DEFAULT_CHALLENGE_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionCommands() {
    }

    static SessionEvent.Command toEvent(ClientMessage.SessionCommand c, Instant at) {
        if (c instanceof ClientMessage.ChooseMode m) {
            return new SessionEvent.ChooseMode(m.id(), m.mode(), at);
        } else if (c instanceof ClientMessage.SubmitPin s) {
            return new SessionEvent.SubmitPin(s.id(), s.challenge().orElseGet(SessionCommands::randomChallenge), at);
        } else if (c instanceof ClientMessage.ConfirmLastTry l) {
            return new SessionEvent.ConfirmLastTry(l.id(), at);
        } else if (c instanceof ClientMessage.FaceCapture f) {
            return new SessionEvent.FaceCapture(f.id(), f.frames(), at);
        } else if (c instanceof ClientMessage.SubmitCardCode k) {
            return new SessionEvent.SubmitCardCode(k.id(), at);
        } else if (c instanceof ClientMessage.CardFrontCapture k) {
            return new SessionEvent.CardFrontCapture(k.id(), k.image(), at);
        } else if (c instanceof ClientMessage.RetryFace r) {
            return new SessionEvent.RetryFace(r.id(), at);
        } else if (c instanceof ClientMessage.RequestVisual v) {
            return new SessionEvent.RequestVisual(v.id(), at);
        } else if (c instanceof ClientMessage.ConfirmVisual v) {
            return new SessionEvent.ConfirmVisual(v.id(), v.staff(), v.note(), at);
        } else if (c instanceof ClientMessage.SubmitConsent a) {
            return new SessionEvent.SubmitConsent(a.id(), a.answers(), at);
        }
        return new SessionEvent.Cancel(c.id(), at);
    }

    static byte[] randomChallenge() {
        byte[] challenge = new byte[DEFAULT_CHALLENGE_BYTES];
        RANDOM.nextBytes(challenge);
        return challenge;
    }
}
