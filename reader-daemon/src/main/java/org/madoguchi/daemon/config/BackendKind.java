package org.madoguchi.daemon.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** The PC/SC back-ends that can be chosen in the configuration or with {@code --backend}. */
public enum BackendKind {
    /** Our own JNA binding to the native PC/SC library (docs/driver.md, "Back-ends"). */
    JNA("jna"),
    /** {@code javax.smartcardio}. */
    JDK("jdk");

    private final String id;

    BackendKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public static BackendKind fromName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (BackendKind k : values()) {
            if (k.id.equals(wanted)) {
                return k;
            }
        }
        String known = Arrays.stream(values()).map(BackendKind::id).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("不明なバックエンド「" + name + "」です(使えるもの: " + known
                + ") / Unknown backend '" + name + "' (known: " + known + ")");
    }
}
