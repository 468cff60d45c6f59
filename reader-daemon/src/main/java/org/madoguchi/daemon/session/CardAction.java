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
        if (this instanceof Prepare) {
            return r instanceof SessionEvent.Prepared;
        }
        if (this instanceof ReadPhoto) {
            return r instanceof SessionEvent.PhotoRead || r instanceof SessionEvent.FaceUnavailable;
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

    /** Get 照合番号B from the card-face reader and read the photo. */
    record ReadPhoto(long step) implements CardAction {
        @Override
        public String operation() {
            return "read_photo";
        }

        @Override
        public Step shownAs() {
            return Step.READING_PHOTO;
        }
    }

    /** Compare a live capture with the photo read before. */
    record MatchFace(long step, byte[] image) implements CardAction {
        public MatchFace {
            image = image.clone();
        }

        @Override
        public byte[] image() {
            return image.clone();
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
            return "MatchFace[step=" + step + ", " + image.length + " bytes]";
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
