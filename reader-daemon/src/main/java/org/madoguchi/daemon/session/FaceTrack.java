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

    FaceTrack(SessionPolicy policy) {
        this.policy = Objects.requireNonNull(policy);
    }

    /** The card was read and face is possible for it. */
    void offer(CardFacts facts) {
        offered = true;
        cardCodeTries = facts.cardCode().orElse(null);
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
    }

    void codeBlocked() {
        cardCodeTries = 0;
    }

    /** {@code cardCode} of the session view: in {@code card_code_entry} only. */
    Optional<Integer> cardCodeView(SessionState state) {
        return state == SessionState.CARD_CODE_ENTRY ? Optional.ofNullable(cardCodeTries) : Optional.empty();
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
