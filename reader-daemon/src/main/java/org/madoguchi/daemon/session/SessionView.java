package org.madoguchi.daemon.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A live session as clients see it: the body of a {@code session} event.
 *
 * @param allowedModes     what the patient may choose now (face before pin), possibly empty
 * @param pin              the PIN's state, once the card was read (absent for cards without one)
 * @param lastTryConfirmed at one try left: whether the kiosk sent {@code confirmLastTry}
 * @param face             face attempts so far, when face mode is or was possible
 * @param step             what runs while {@code working}
 * @param consent          in state {@code consent}: the items the patient is asked about, in order
 * @param cardCode         in state {@code card_code_entry} (and while a card-front reading is used):
 *                         the card's tries left for 照合番号B, whether the camera path is on, and the
 *                         masked reading or the last refusal
 * @param cardAwayUntil    the card was lifted off the reader (to show its front to the camera) and the
 *                         session waits for it until then ({@code face.cardLift})
 */
public record SessionView(
        String session,
        String reader,
        SessionState state,
        List<Mode> allowedModes,
        Optional<Mode> mode,
        Optional<PinCounter> pin,
        boolean lastTryConfirmed,
        Optional<FaceProgress> face,
        Optional<Notice> notice,
        Optional<Text> message,
        Optional<Step> step,
        Optional<List<ConsentItem>> consent,
        Optional<CardCodeView> cardCode,
        Optional<Instant> cardAwayUntil,
        Instant startedAt) {

    public SessionView {
        allowedModes = List.copyOf(allowedModes);
        consent = consent.map(List::copyOf);
        java.util.Objects.requireNonNull(cardCode);
        java.util.Objects.requireNonNull(cardAwayUntil);
    }

    /**
     * 照合番号B asked for.
     *
     * @param retriesLeft the card's tries left for it ({@link PinCounter#UNKNOWN} when not known)
     * @param camera      whether a photograph of the card front is taken now ({@code cardFrontCapture})
     * @param read        what the card-front OCR read, masked, when it read something in this session
     * @param refusal     the reason code of the last photograph that could not be read, until the next one
     */
    public record CardCodeView(int retriesLeft, boolean camera, Optional<Text> read, Optional<String> refusal) {
        public CardCodeView {
            java.util.Objects.requireNonNull(read);
            java.util.Objects.requireNonNull(refusal);
        }
    }

    /** Face mismatches (and captures without a face) so far, and how many are allowed. */
    public record FaceProgress(int attempts, int maxAttempts) {
    }
}
