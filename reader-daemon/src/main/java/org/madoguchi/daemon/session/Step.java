package org.madoguchi.daemon.session;

/** What the daemon is doing while a session is {@code working}; sent as {@code step}. */
public enum Step {
    /** Identifying the card, reading its PIN counter and its auth certificate. */
    READING_CARD("reading_card"),
    /** Reading 照合番号B off a photograph of the card front (the card-front OCR); no APDU. */
    READING_CARD_FRONT("reading_card_front"),
    /** Reading the photo from 券面事項確認AP (照合番号B from the card-face reader). */
    READING_PHOTO("reading_photo"),
    /** Comparing the live capture with the card's photo. */
    MATCHING_FACE("matching_face"),
    /** VERIFY of the PIN and the signature over the challenge, in one card transaction. */
    VERIFYING_PIN("verifying_pin"),
    /** Reading the PIN counter again after a VERIFY whose outcome is unknown. */
    READING_PIN_STATUS("reading_pin_status");

    private final String code;

    Step(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
