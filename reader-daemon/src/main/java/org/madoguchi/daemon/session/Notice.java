package org.madoguchi.daemon.session;

/**
 * Why a session is where it is, for the kiosk to explain: {@code pin_last_try} (docs/protocol.md, "Notices") and the
 * stable reason codes that can describe a live session.
 */
public enum Notice {
    /** One PIN try left: the kiosk must send {@code confirmLastTry} before {@code submitPin}. */
    PIN_LAST_TRY("pin_last_try"),
    /** The PIN is blocked: it is reset at the municipal window; never offered again for this card. */
    PIN_BLOCKED("pin_blocked"),
    /** The card has no usable PIN (顔認証マイナンバーカード); never offered for this card. */
    PIN_UNUSABLE("pin_unusable"),
    /** The last face comparison did not match (or found no face). */
    FACE_MISMATCH("face_mismatch"),
    /** The last capture showed the card's face but no sign of life (a still or single frame, a photo). */
    FACE_NOT_LIVE("face_not_live"),
    /** Face verification cannot work for this session (no photo, no matcher, OCR failed). */
    FACE_UNAVAILABLE("face_unavailable"),
    /**
     * The last photograph of the card front ({@code cardFrontCapture}) could not be read with certainty:
     * nothing was sent to the card; {@code cardCode.refusal} says why and the message how to hold the card.
     */
    CARD_FRONT_UNREADABLE("card_front_unreadable"),
    /** The card answered in a way that needs explaining (e.g. the link dropped during VERIFY). */
    CARD_ERROR("card_error");

    private final String code;

    Notice(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
