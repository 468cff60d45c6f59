package org.madoguchi.daemon.session;

import java.util.Optional;

/** What the patient may choose in {@code choose_mode}: 顔認証 or 暗証番号. */
public enum Mode {
    FACE("face"),
    PIN("pin");

    private final String code;

    Mode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<Mode> of(String code) {
        for (Mode m : values()) {
            if (m.code.equals(code)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
