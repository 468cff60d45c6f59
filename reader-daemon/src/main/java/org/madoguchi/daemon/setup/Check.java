package org.madoguchi.daemon.setup;

import java.util.Objects;

/**
 * One finding of {@code madoguchi doctor}: a status, what was checked, and one sentence in Japanese
 * then English that says what was found and, where something is wrong, what to do.
 */
public record Check(Status status, String topic, String ja, String en) {
    public enum Status {
        /** As it should be. */
        OK,
        /** Worth knowing; nothing to do. */
        INFO,
        /** Works, but should be looked at. */
        WARN,
        /** Wrong: the daemon cannot work as it should until it is fixed. */
        FAIL
    }

    public Check {
        Objects.requireNonNull(status);
        Objects.requireNonNull(topic);
        Objects.requireNonNull(ja);
        Objects.requireNonNull(en);
    }

    static Check ok(String topic, String ja, String en) {
        return new Check(Status.OK, topic, ja, en);
    }

    static Check info(String topic, String ja, String en) {
        return new Check(Status.INFO, topic, ja, en);
    }

    static Check warn(String topic, String ja, String en) {
        return new Check(Status.WARN, topic, ja, en);
    }

    static Check fail(String topic, String ja, String en) {
        return new Check(Status.FAIL, topic, ja, en);
    }

    /** {@code [FAIL] pcscd    …ja… / …en…}: one line, for a terminal or a support ticket. */
    public String line() {
        return String.format("[%-4s] %-7s %s / %s", status, topic, ja, en);
    }
}
