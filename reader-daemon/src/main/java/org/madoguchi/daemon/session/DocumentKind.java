package org.madoguchi.daemon.session;

import java.util.Optional;

/** The proof staff saw when a patient could not be verified by card ({@code recordDocument}). */
public enum DocumentKind {
    /** 資格確認書. */
    SHIKAKU_KAKUNINSHO("shikaku_kakuninsho"),
    /** 資格情報のお知らせ, shown together with the My Number card. */
    SHIKAKU_JOHO_OSHIRASE("shikaku_joho_oshirase"),
    /** マイナポータルの資格情報画面 (on the patient's phone). */
    MYNAPORTAL("mynaportal");

    private final String code;

    DocumentKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<DocumentKind> of(String code) {
        for (DocumentKind d : values()) {
            if (d.code.equals(code)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
