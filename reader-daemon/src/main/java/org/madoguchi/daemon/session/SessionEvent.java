package org.madoguchi.daemon.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;


/**
 * Everything that can happen to a session: client commands, the results of the card steps the
 * session asked for, and the card or reader going away. Each carries the moment it happened; the
 * session has no clock of its own. A PIN never appears here: the runtime keeps it beside the
 * {@link SubmitPin} and hands it to the worker only if the session asks for a VERIFY.
 */
public sealed interface SessionEvent {
    Instant at();

    /** A client command; {@code id} is echoed in the reply or error. */
    sealed interface Command extends SessionEvent {
        String id();
    }

    record ChooseMode(String id, Mode mode, Instant at) implements Command {
    }

    /** @param challenge what the card signs (the client's, or 32 random bytes), 1–64 bytes */
    record SubmitPin(String id, byte[] challenge, Instant at) implements Command {
        public SubmitPin {
            challenge = challenge.clone();
        }

        @Override
        public byte[] challenge() {
            return challenge.clone();
        }

        @Override
        public String toString() {
            return "SubmitPin[id=" + id + ", challenge=" + challenge.length + " bytes]";
        }
    }

    record ConfirmLastTry(String id, Instant at) implements Command {
    }

    /**
     * @param frames the live capture, 1–8 frames (JPEG or PNG; may be empty for the simulated matcher),
     *               not copied: they pass on to the {@code MatchFace} step, whose worker overwrites them
     *               once compared
     */
    record FaceCapture(String id, java.util.List<byte[]> frames, Instant at) implements Command {
        public FaceCapture {
            frames = java.util.List.copyOf(frames);
        }

        @Override
        public String toString() {
            return "FaceCapture[id=" + id + ", " + frames.size() + " frames]";
        }
    }

    /**
     * 照合番号B was typed. The digits are not here: the runtime keeps them beside this command and
     * hands them to the worker only if the session asks for the photo to be read with them.
     */
    record SubmitCardCode(String id, Instant at) implements Command {
    }

    /**
     * A photograph of the card front (JPEG or PNG), for the card-front OCR to read 照合番号B from. The
     * image is the message's own array, not a copy: the worker overwrites it once read.
     */
    record CardFrontCapture(String id, byte[] image, Instant at) implements Command {
        public CardFrontCapture {
            Objects.requireNonNull(image);
        }

        @Override
        public String toString() {
            return "CardFrontCapture[id=" + id + ", " + image.length + " bytes]";
        }
    }

    record RetryFace(String id, Instant at) implements Command {
    }

    record RequestVisual(String id, Instant at) implements Command {
    }

    record ConfirmVisual(String id, String staff, Optional<String> note, Instant at) implements Command {
        public ConfirmVisual {
            Objects.requireNonNull(staff);
            Objects.requireNonNull(note);
        }
    }

    record Cancel(String id, Instant at) implements Command {
    }

    /** The patient's answers to the consent items: every item asked, no other. */
    record SubmitConsent(String id, java.util.Map<ConsentItem, Boolean> answers, Instant at) implements Command {
        public SubmitConsent {
            answers = java.util.Map.copyOf(answers);
        }
    }

    /** Staff saw another proof than the card (資格確認書 etc.) and end the session with it. */
    record RecordDocument(String id, DocumentKind document, String staff, Optional<String> note, Instant at)
            implements Command {
        public RecordDocument {
            Objects.requireNonNull(document);
            Objects.requireNonNull(staff);
            Objects.requireNonNull(note);
        }
    }

    /** The result of the card step numbered {@code step}; a result for another step is stale. */
    sealed interface StepResult extends SessionEvent {
        long step();
    }

    /** {@code Prepare} finished: the card is identified and read. */
    record Prepared(long step, CardFacts facts, Instant at) implements StepResult {
    }

    /** {@code ReadPhoto} finished: the worker holds the card's photo. */
    record PhotoRead(long step, Instant at) implements StepResult {
    }

    /** {@code MatchFace} finished: what the face engine found (no image, no descriptor). */
    record FaceChecked(long step, org.madoguchi.driver.face.FaceMatch match, Instant at) implements StepResult {
        public FaceChecked {
            Objects.requireNonNull(match);
        }
    }

    /** {@code ReadPhoto} with a typed 照合番号B: the card refused it; {@code triesLeft} (≥ 1, or UNKNOWN) remain. */
    record CardCodeWrong(long step, int triesLeft, Instant at) implements StepResult {
    }

    /** {@code ReadPhoto} with a typed 照合番号B: the card's counter for it is (now) blocked. */
    record CardCodeBlocked(long step, Instant at) implements StepResult {
    }

    /**
     * {@code ReadCardFront} read 照合番号B. The digits are not here: the runtime keeps them beside this result
     * and hands them to the worker only if the session asks for the photo to be read with them.
     *
     * @param masked what was read, for staff, with the birth month and day and the security code hidden
     *               (「昭和60年**月**日生・2034年まで有効・セキュリティコード ****」)
     */
    record CardFrontRead(long step, Text masked, Instant at) implements StepResult {
        public CardFrontRead {
            Objects.requireNonNull(masked);
        }
    }

    /**
     * {@code ReadCardFront} read nothing certain; nothing was sent to the card.
     *
     * @param refusal the card-front reader's reason ({@code card_not_found}, {@code unreadable}, …), with its
     *                sentence; empty when the reader itself cannot be used (the camera path ends)
     */
    record CardFrontUnreadable(long step, Optional<Refusal> refusal, Instant at) implements StepResult {
        public CardFrontUnreadable {
            Objects.requireNonNull(refusal);
        }
    }

    /** Why the card-front reader gave no reading: its reason code and sentence ({@code Refusal.ja/en}). */
    record Refusal(String code, Text message) {
        public Refusal {
            Objects.requireNonNull(code);
            Objects.requireNonNull(message);
        }
    }

    /** {@code ReadPhoto} or {@code MatchFace} cannot work: no engine, OCR failed, 照合番号B refused. */
    record FaceUnavailable(long step, Instant at) implements StepResult {
    }

    /**
     * {@code VerifyAndSign} succeeded and the signature verifies with the certificate's key.
     *
     * @param certificate the certificate read after the PIN, for tokens that need the PIN to read it
     */
    record PinSigned(long step, byte[] signature, Optional<CertificateInfo> certificate, Instant at)
            implements StepResult {
        public PinSigned {
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    /** The PIN was wrong; {@code triesLeft} remain (at least 1), or {@link PinCounter#UNKNOWN}. */
    record PinWrong(long step, int triesLeft, Instant at) implements StepResult {
    }

    /** The PIN is blocked: this VERIFY blocked it ({@code justNow}), or it already was. */
    record PinBlocked(long step, boolean justNow, Instant at) implements StepResult {
    }

    /** The link dropped during VERIFY: the try may or may not have counted; {@code after} when re-read. */
    record PinUnknown(long step, Optional<PinCounter> after, Instant at) implements StepResult {
    }

    /** {@code ReadPinStatus} finished. */
    record PinStatusRead(long step, PinCounter pin, Instant at) implements StepResult {
    }

    /** The step failed; {@code reason} is {@code card_error}, {@code card_removed} or {@code reader_removed}. */
    record StepFailed(long step, Reason reason, Instant at) implements StepResult {
    }

    /** The step did not finish within the step timeout. */
    record StepTimedOut(long step, Instant at) implements StepResult {
    }

    /**
     * The timer the session started with {@link SessionOutput.Wait} of number {@code step} ran out: the
     * consent step's ({@code consent.timeout}) or a lifted card's ({@code face.cardLift}).
     */
    record TimerFired(long step, Instant at) implements SessionEvent {
    }

    record CardRemoved(Instant at) implements SessionEvent {
    }

    /**
     * A card was placed on the reader while the session waits for its lifted card to come back
     * ({@link VerificationSession#cardAway()}): the session reads it to see whether it is the same card.
     */
    record CardBack(Instant at) implements SessionEvent {
    }

    /** The reader went away: unplugged, or with the PC/SC service ({@code serviceLost}). */
    record ReaderRemoved(boolean serviceLost, Instant at) implements SessionEvent {
        public ReaderRemoved(Instant at) {
            this(false, at);
        }
    }
}
