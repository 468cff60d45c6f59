package org.madoguchi.daemon.session;

/** The states of a verification session, with their wire names (docs/protocol.md, "States"; never renamed). */
public enum SessionState {
    /** The card is identified; {@code allowedModes} says what the patient may choose. */
    CHOOSE_MODE("choose_mode"),
    /** The photo is read; waiting for a live capture (or for the patient to retry after a mismatch). */
    FACE_IN_PROGRESS("face_in_progress"),
    /** Face mode: waiting for 照合番号B, typed by staff (or the kiosk) with {@code submitCardCode}. */
    CARD_CODE_ENTRY("card_code_entry"),
    /**
     * Face mode: the card was lifted off the reader to show its front to the camera, and what comes next
     * needs the card itself: waiting for the same card to be put back (within {@code face.cardLift}).
     */
    CARD_RETURN("card_return"),
    /** Waiting for the patient's PIN; the tries left are always shown. */
    PIN_ENTRY("pin_entry"),
    /** Only staff can finish the session: 目視確認. */
    VISUAL_PENDING("visual_pending"),
    /** Verified; waiting for the patient's consent answers ({@code submitConsent}). */
    CONSENT("consent"),
    /** The daemon is running a step: card I/O or face matching. */
    WORKING("working"),
    /** Terminal: a {@code result} with outcome {@code verified} or {@code failed} was sent. */
    COMPLETED("completed"),
    /** Terminal: a {@code result} with outcome {@code aborted} was sent. */
    ABORTED("aborted");

    private final String code;

    SessionState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean terminal() {
        return this == COMPLETED || this == ABORTED;
    }
}
