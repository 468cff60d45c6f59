package org.madoguchi.daemon.session;

/**
 * A step the session asks the reader's worker to run on the card (or the face engine). Each has a
 * number; the worker answers with a {@link SessionEvent.StepResult} carrying the same number.
 */
public sealed interface CardAction {
    long step();

    /** What the session shows as {@code step} while this runs. */
    Step shownAs();

    /**
     * The step's one name in the daemon's logs and metrics: the {@code operation} label of
     * {@code madoguchi_card_operation_seconds} ({@code prepare}, {@code verify_and_sign}, …).
     */
    String operation();

    /** Whether {@code r} is of a kind this action produces (a failure or timeout answers any action). */
    default boolean answeredBy(SessionEvent.StepResult r) {
        if (r instanceof SessionEvent.StepFailed || r instanceof SessionEvent.StepTimedOut) {
            return true;
        }
        if (this instanceof Prepare || this instanceof Recognise) {
            return r instanceof SessionEvent.Prepared;
        }
        if (this instanceof ReadPhoto) {
            return r instanceof SessionEvent.PhotoRead || r instanceof SessionEvent.FaceUnavailable
                    || r instanceof SessionEvent.CardCodeWrong || r instanceof SessionEvent.CardCodeBlocked;
        }
        if (this instanceof ReadCardFront) {
            return r instanceof SessionEvent.CardFrontRead || r instanceof SessionEvent.CardFrontUnreadable;
        }
        if (this instanceof MatchFace) {
            return r instanceof SessionEvent.FaceChecked || r instanceof SessionEvent.FaceUnavailable;
        }
        if (this instanceof VerifyAndSign) {
            return r instanceof SessionEvent.PinSigned || r instanceof SessionEvent.PinWrong
                    || r instanceof SessionEvent.PinBlocked || r instanceof SessionEvent.PinUnknown;
        }
        return r instanceof SessionEvent.PinStatusRead;
    }

    /** Identify the card, read its PIN counter, read and check its auth certificate. */
    record Prepare(long step) implements CardAction {
        @Override
        public String operation() {
            return "prepare";
        }

        @Override
        public Step shownAs() {
            return Step.READING_CARD;
        }
    }

    /**
     * A card was put back after a lift: read it as {@link Prepare} does, so that the session can tell
     * whether it is the card that was lifted (by its auth certificate).
     */
    record Recognise(long step) implements CardAction {
        @Override
        public String operation() {
            return "recognise";
        }

        @Override
        public Step shownAs() {
            return Step.READING_CARD;
        }
    }

    /**
     * Read the photo with 照合番号B: the one typed with the {@code submitCardCode} that caused this, or
     * read off the card front by the {@code ReadCardFront} before ({@code typed}: the runtime hands it
     * over), or one from the card-face reader (the simulator's stand-in).
     */
    record ReadPhoto(long step, boolean typed) implements CardAction {
        public ReadPhoto(long step) {
            this(step, false);
        }

        @Override
        public String operation() {
            return "read_photo";
        }

        @Override
        public Step shownAs() {
            return Step.READING_PHOTO;
        }
    }

    /**
     * Read 照合番号B off a photograph of the card front with the card-front OCR; nothing is sent to the
     * card. The image is the capture's own array, not a copy: the worker overwrites it once read.
     */
    record ReadCardFront(long step, byte[] image) implements CardAction {
        @Override
        public String operation() {
            return "read_card_front";
        }

        @Override
        public Step shownAs() {
            return Step.READING_CARD_FRONT;
        }

        @Override
        public String toString() {
            return "ReadCardFront[step=" + step + ", " + image.length + " bytes]";
        }
    }

    /**
     * Compare a live capture (a burst of frames) with the photo read before. The frames are the
     * capture's own arrays, not copies: the worker overwrites them once compared.
     */
    record MatchFace(long step, java.util.List<byte[]> frames) implements CardAction {
        public MatchFace {
            frames = java.util.List.copyOf(frames);
        }

        @Override
        public String operation() {
            return "match_face";
        }

        @Override
        public Step shownAs() {
            return Step.MATCHING_FACE;
        }

        @Override
        public String toString() {
            return "MatchFace[step=" + step + ", " + frames.size() + " frames]";
        }
    }

    /** One VERIFY with the PIN of the {@code submitPin} that caused it, and the signature over the challenge. */
    record VerifyAndSign(long step, byte[] challenge) implements CardAction {
        public VerifyAndSign {
            challenge = challenge.clone();
        }

        @Override
        public byte[] challenge() {
            return challenge.clone();
        }

        @Override
        public String operation() {
            return "verify_and_sign";
        }

        @Override
        public Step shownAs() {
            return Step.VERIFYING_PIN;
        }

        @Override
        public String toString() {
            return "VerifyAndSign[step=" + step + "]";
        }
    }

    /** Read the PIN counter (no VERIFY with data). */
    record ReadPinStatus(long step) implements CardAction {
        @Override
        public String operation() {
            return "read_pin_status";
        }

        @Override
        public Step shownAs() {
            return Step.READING_PIN_STATUS;
        }
    }
}
