package org.madoguchi.daemon.protocol;

import java.util.Optional;
import java.util.OptionalInt;

import org.madoguchi.daemon.session.Mode;
import org.madoguchi.driver.card.Secret;
import org.madoguchi.driver.spi.Simulation;

/** A decoded, validated client → daemon message. */
public sealed interface ClientMessage {

    MessageType type();

    /**
     * The first message of every connection: the client's name, its token (which decides its role)
     * and the protocol level it asked for, when it asked (only a level this daemon speaks gets here).
     */
    record Hello(Optional<String> token, String client, OptionalInt protocol) implements ClientMessage {
        /** A hello that names no protocol level. */
        public Hello(Optional<String> token, String client) {
            this(token, client, OptionalInt.empty());
        }

        @Override
        public MessageType type() {
            return MessageType.HELLO;
        }

        @Override
        public String toString() {
            return "Hello[client=" + client + ", token=" + (token.isPresent() ? "***" : "none")
                    + (protocol.isPresent() ? ", protocol=" + protocol.getAsInt() : "") + "]";
        }
    }

    record Ping(String id) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.PING;
        }
    }

    /** A command addressed to one verification session. */
    sealed interface SessionCommand extends ClientMessage {
        String id();

        String session();
    }

    record ChooseMode(String id, String session, Mode mode) implements SessionCommand {
        @Override
        public MessageType type() {
            return MessageType.CHOOSE_MODE;
        }
    }

    /**
     * The patient's PIN, already checked to be 4 ASCII digits and held in a {@link Secret} that
     * whoever ends up with it closes (zeroes). {@code challenge} is the client's, when it sent one.
     */
    record SubmitPin(String id, String session, Secret pin, Optional<byte[]> challenge) implements SessionCommand {
        @Override
        public MessageType type() {
            return MessageType.SUBMIT_PIN;
        }

        @Override
        public String toString() {
            return "SubmitPin[id=" + id + ", session=" + session + ", pin=****]";
        }
    }

    record ConfirmLastTry(String id, String session) implements SessionCommand {
        @Override
        public MessageType type() {
            return MessageType.CONFIRM_LAST_TRY;
        }
    }

    /** A live capture: one frame ({@code image}) or a burst ({@code frames}), decoded from base64. */
    record FaceCapture(String id, String session, java.util.List<byte[]> frames) implements SessionCommand {
        public FaceCapture {
            frames = java.util.List.copyOf(frames);
        }

        @Override
        public MessageType type() {
            return MessageType.FACE_CAPTURE;
        }

        @Override
        public String toString() {
            return "FaceCapture[id=" + id + ", session=" + session + ", " + frames.size() + " frames]";
        }
    }

    /**
     * 照合番号B typed by staff (or the kiosk), already checked to be 14 digits of a plausible date,
     * expiry year and security code, held in a {@link Secret} that whoever ends up with it closes.
     */
    record SubmitCardCode(String id, String session, Secret code) implements SessionCommand {
        @Override
        public MessageType type() {
            return MessageType.SUBMIT_CARD_CODE;
        }

        @Override
        public String toString() {
            return "SubmitCardCode[id=" + id + ", session=" + session + ", code=****]";
        }
    }

    /**
     * A photograph of the card front (JPEG or PNG, decoded from base64) for the card-front OCR: 照合番号B is
     * read from it, never shown, and sent to the card once.
     */
    record CardFrontCapture(String id, String session, byte[] image) implements SessionCommand {
        @Override
        public MessageType type() {
            return MessageType.CARD_FRONT_CAPTURE;
        }

        @Override
        public String toString() {
            return "CardFrontCapture[id=" + id + ", session=" + session + ", " + image.length + " bytes]";
        }
    }

    record RetryFace(String id, String session) implements SessionCommand {
        @Override
        public MessageType type() {
            return MessageType.RETRY_FACE;
        }
    }

    record RequestVisual(String id, String session) implements SessionCommand {
        @Override
        public MessageType type() {
            return MessageType.REQUEST_VISUAL;
        }
    }

    record ConfirmVisual(String id, String session, String staff, Optional<String> note) implements SessionCommand {
        @Override
        public MessageType type() {
            return MessageType.CONFIRM_VISUAL;
        }
    }

    record Cancel(String id, String session) implements SessionCommand {
        @Override
        public MessageType type() {
            return MessageType.CANCEL;
        }
    }

    /** The patient's consent answers, item by item (checked against {@code consent.items} by the session). */
    record SubmitConsent(String id, String session, java.util.Map<org.madoguchi.daemon.session.ConsentItem, Boolean> answers)
            implements SessionCommand {
        public SubmitConsent {
            answers = java.util.Map.copyOf(answers);
        }

        @Override
        public MessageType type() {
            return MessageType.SUBMIT_CONSENT;
        }
    }

    /** Staff: today's finished sessions, from the audit file. */
    record History(String id) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.HISTORY;
        }
    }

    /** Staff: the proof seen instead of a card verification, for the session on {@code reader} or on its own. */
    record RecordDocument(String id, String reader, org.madoguchi.daemon.session.DocumentKind document, String staff,
            Optional<String> note) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.RECORD_DOCUMENT;
        }
    }

    /** Simulate mode: put a card of {@code profile} in {@code reader}, with {@code photo} (JPEG/PNG) on its face. */
    record SimInsert(String id, String reader, String profile, Optional<byte[]> photo) implements ClientMessage {
        public SimInsert(String id, String reader, String profile) {
            this(id, reader, profile, Optional.empty());
        }

        @Override
        public String toString() {
            return "SimInsert[id=" + id + ", reader=" + reader + ", profile=" + profile
                    + photo.map(p -> ", photo " + p.length + " bytes").orElse("") + "]";
        }

        @Override
        public MessageType type() {
            return MessageType.SIM_INSERT;
        }
    }

    /** Simulate mode: take the card out of {@code reader}. */
    record SimRemove(String id, String reader) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.SIM_REMOVE;
        }
    }

    /** Simulate mode: turn a fault on for the card in {@code reader}. */
    record SimFault(String id, String reader, Simulation.CardFault fault) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.SIM_FAULT;
        }
    }

    /** Simulate mode: what the simulated face matcher reports next on {@code reader}. */
    record SimFace(String id, String reader, Simulation.FaceOutcome outcome) implements ClientMessage {
        @Override
        public MessageType type() {
            return MessageType.SIM_FACE;
        }
    }
}
