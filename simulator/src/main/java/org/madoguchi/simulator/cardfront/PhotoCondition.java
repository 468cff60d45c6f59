package org.madoguchi.simulator.cardfront;

/**
 * What a generated photograph of a card front suffers from. Every photograph also gets a little of
 * everything (placement, slight tilt, mild noise, JPEG); a condition turns one effect up.
 */
public enum PhotoCondition {
    /** Card flat-ish and well lit. */
    CLEAN,
    /** Strong perspective: the card held at an angle to the camera (corners moved up to 12 %). */
    PERSPECTIVE,
    /** In-plane rotation up to ±35°, and one card in four upside down. */
    ROTATION,
    /** Out of focus: Gaussian blur, sigma 1.0–2.2 px of the frame. */
    BLUR,
    /** A specular highlight (a lamp reflected in the card's laminate) somewhere on the card. */
    GLARE,
    /** Dim light: a quarter to a half of the exposure, with the sensor noise that comes with it. */
    LOW_LIGHT,
    /** Heavy sensor noise. */
    NOISE,
    /** A small frame (800 × 600) with the card far away. */
    LOW_RES
}
