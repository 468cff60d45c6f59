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
        Instant startedAt) {

    public SessionView {
        allowedModes = List.copyOf(allowedModes);
        consent = consent.map(List::copyOf);
    }

    /** Face mismatches (and captures without a face) so far, and how many are allowed. */
    public record FaceProgress(int attempts, int maxAttempts) {
    }
}
