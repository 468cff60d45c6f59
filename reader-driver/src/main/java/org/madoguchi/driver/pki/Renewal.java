package org.madoguchi.driver.pki;

/**
 * Where the certificate stands against its renewal window: from 3 months before expiry (更新アラート)
 * to 3 months after it, while the card still works as 保険証 (docs/card.md §12).
 */
public enum Renewal {
    /** More than 3 months before expiry. */
    NONE("none"),
    /** Within 3 months before expiry: the patient should renew. */
    DUE("due"),
    /** Expired less than 3 months ago: still accepted, renew now. */
    GRACE("grace"),
    /** Expired more than 3 months ago. */
    LAPSED("lapsed");

    private final String code;

    Renewal(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
