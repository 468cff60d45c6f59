package org.madoguchi.driver.face;

/**
 * What a face engine's presentation-attack check said about a burst of live frames. Not a
 * certified PAD: "live" means no cheap attack (a photo, a repeated frame) was seen.
 */
public enum FaceLiveness {
    /** The frames show a live person (a blink or a head turn). */
    LIVE("live"),
    /** The frames show no sign of life: a single frame, a still or moved photo, or a change of person. */
    NOT_LIVE("not_live"),
    /** The engine did not check (liveness off, or an engine without a check). */
    NOT_CHECKED("not_checked");

    private final String code;

    FaceLiveness(String code) {
        this.code = code;
    }

    /** The wire name, e.g. {@code not_live}. */
    public String code() {
        return code;
    }
}
