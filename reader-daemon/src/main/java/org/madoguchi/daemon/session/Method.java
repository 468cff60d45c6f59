package org.madoguchi.daemon.session;

/** How a verified session was verified. */
public enum Method {
    FACE("face"),
    PIN("pin"),
    /** 目視確認: staff compared the patient with the card's printed photo. */
    VISUAL("visual"),
    /** Staff recorded another proof (資格確認書 etc.): {@code recordDocument}. */
    DOCUMENT("document");

    private final String code;

    Method(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
