package org.madoguchi.daemon.session;

/** How a session ended. */
public enum Outcome {
    /** The patient was verified (face, PIN or 目視確認). */
    VERIFIED("verified"),
    /** The card cannot be verified here, or a step failed (the reason says which). */
    FAILED("failed"),
    /** The session stopped before a verdict: the card or reader went away, or staff cancelled. */
    ABORTED("aborted");

    private final String code;

    Outcome(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
