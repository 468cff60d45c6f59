package org.madoguchi.daemon.session;

import java.util.Objects;
import java.util.Optional;

import org.madoguchi.driver.face.FaceLiveness;
import org.madoguchi.driver.face.FaceMatch;

/**
 * Face mode's part of one {@link VerificationSession}: whether face was offered, the attempts so far,
 * 照合番号B's tries left when it is typed, whether the photo was read, and what each comparison
 * means. Pure bookkeeping, no I/O; the session decides the states.
 */
final class FaceTrack {
    /** What one comparison means for the session. */
    sealed interface Verdict {
        /** Same face, and live (or not checked with liveness off). */
        record Verified(SessionResult.FaceResult result) implements Verdict {
        }

        /** One attempt spent: {@code notice} says why; {@code last} when none is left. */
        record Attempt(Notice notice, boolean last) implements Verdict {
        }

        /** Face cannot work for this card (its photo shows no face). */
        record Unavailable() implements Verdict {
        }
    }

    private final SessionPolicy policy;
    private boolean offered;
    private int attempts;
    private boolean lastHadNoFace;
    /** 照合番号B typed: the card's tries left for it (UNKNOWN when not read); null when not typed. */
    private Integer cardCodeTries;
    private boolean photoRead;
    /** The camera path: on for this card (the OCR is there), and not ended (bound reached, code refused). */
    private boolean camera;
    private int frontCaptures;
    private java.time.Instant lastFrontCapture;
    /** The photo is being read with a code read off the card front (not typed). */
    private boolean codeFromCamera;
    private Text frontRead;
    private String frontRefusal;

    /** Photographs of the card front one session may send (docs/protocol.md, "Face mode"). */
    static final int MAX_FRONT_CAPTURES = 10;
    /** The shortest time between two accepted photographs of the card front. */
    static final java.time.Duration MIN_FRONT_INTERVAL = java.time.Duration.ofSeconds(1);

    FaceTrack(SessionPolicy policy) {
        this.policy = Objects.requireNonNull(policy);
    }

    /** The card was read and face is possible for it. */
    void offer(CardFacts facts) {
        offered = true;
        cardCodeTries = facts.cardCode().orElse(null);
        camera = facts.cardCode().isPresent() && facts.cardFrontCamera();
    }

    /** Whether a photograph of the card front is taken now. */
    boolean camera() {
        return camera;
    }

    /** Why a photograph of the card front sent at {@code at} is not taken; empty: it is (and counted). */
    Optional<SessionOutput.Why> frontCapture(java.time.Instant at) {
        if (!camera) {
            return Optional.of(SessionOutput.Why.STATE);
        }
        if (lastFrontCapture != null && at.isBefore(lastFrontCapture.plus(MIN_FRONT_INTERVAL))) {
            return Optional.of(SessionOutput.Why.RATE);
        }
        frontCaptures++;
        lastFrontCapture = at;
        frontRefusal = null;
        return Optional.empty();
    }

    /** The OCR read a code: the photo is read with it next. */
    void frontRead(Text masked) {
        frontRead = masked;
        codeFromCamera = true;
    }

    /**
     * The OCR read nothing certain ({@code refusal} empty: the reader cannot be used). Returns whether the
     * camera path goes on (false once {@link #MAX_FRONT_CAPTURES} photographs were sent).
     */
    boolean frontUnreadable(Optional<String> refusal) {
        frontRefusal = refusal.orElse(null);
        if (refusal.isEmpty() || frontCaptures >= MAX_FRONT_CAPTURES) {
            camera = false;
        }
        return camera;
    }

    /** Whether the photo is being (or was last) read with a code read off the card front. */
    boolean codeFromCamera() {
        return codeFromCamera;
    }

    /** Staff typed 照合番号B: they have taken over, so the camera path ends for this session. */
    void codeTyped() {
        codeFromCamera = false;
        frontRefusal = null;
        camera = false;
    }

    /** Whether {@code chooseMode face} must first ask for 照合番号B. */
    boolean needsCode() {
        return !photoRead && cardCodeTries != null;
    }

    boolean photoRead() {
        return photoRead;
    }

    void photoWasRead() {
        photoRead = true;
    }

    /** The card refused a typed 照合番号B; {@code triesLeft} remain (or UNKNOWN). */
    void codeRefused(int triesLeft) {
        cardCodeTries = triesLeft;
        if (codeFromCamera) {
            camera = false; // a misread must not spend the card's tries: staff type from here on
            codeFromCamera = false;
        }
    }

    void codeBlocked() {
        cardCodeTries = 0;
    }

    /**
     * {@code cardCode} of the session view: in {@code card_code_entry}, and while {@code pending} reads the
     * card front or reads the photo with a code read off it (so staff see the masked reading meanwhile).
     */
    Optional<SessionView.CardCodeView> cardCodeView(SessionState state, CardAction pending) {
        boolean shown = state == SessionState.CARD_CODE_ENTRY || state == SessionState.CARD_RETURN
                || pending instanceof CardAction.ReadCardFront || pending instanceof CardAction.Recognise
                || (pending instanceof CardAction.ReadPhoto && codeFromCamera);
        if (!shown || cardCodeTries == null) {
            return Optional.empty();
        }
        return Optional.of(new SessionView.CardCodeView(cardCodeTries, camera, Optional.ofNullable(frontRead),
                Optional.ofNullable(frontRefusal)));
    }

    /** {@code face} of the session view, once face was offered. */
    Optional<SessionView.FaceProgress> progress() {
        return offered ? Optional.of(new SessionView.FaceProgress(attempts, policy.faceMaxAttempts()))
                : Optional.empty();
    }

    /**
     * Verified when the distance is within {@code face.threshold} and the burst is live (or, with
     * {@code face.liveness: off}, not checked). A different face, no face, or no sign of life is one
     * attempt; a card photo without a face ends face mode.
     */
    Verdict judge(FaceMatch match) {
        if (match instanceof FaceMatch.NoFaceOnCard) {
            return new Verdict.Unavailable();
        }
        Notice why = Notice.FACE_MISMATCH;
        if (match instanceof FaceMatch.Compared c && c.distance() <= policy.faceThreshold()) {
            boolean live = c.liveness() == FaceLiveness.LIVE
                    || (c.liveness() == FaceLiveness.NOT_CHECKED && !policy.faceLiveness());
            if (live) {
                return new Verdict.Verified(new SessionResult.FaceResult(c.distance(), policy.faceThreshold(),
                        c.liveness()));
            }
            why = Notice.FACE_NOT_LIVE;
        }
        attempts++;
        lastHadNoFace = match instanceof FaceMatch.NoFaceInLive;
        return new Verdict.Attempt(why, attempts >= policy.faceMaxAttempts());
    }

    /** The sentence for a notice, with the attempt count where it has one. */
    Text text(Notice notice) {
        return Texts.notice(notice, attempts, policy.faceMaxAttempts(), lastHadNoFace);
    }
}
