package org.madoguchi.driver.pki;

/** Whether the auth certificate chains to a configured trust anchor and is within its validity. */
public enum ChainVerdict {
    /** Signed by a trust anchor, within its validity, usable for digital signatures. */
    VALID("valid"),
    /** Signed by a trust anchor, but past its notAfter. */
    EXPIRED("expired"),
    /** Signed by a trust anchor, but before its notBefore. */
    NOT_YET_VALID("not_yet_valid"),
    /** No configured trust anchor signed it, or its key may not sign. */
    UNTRUSTED("untrusted"),
    /** No trust anchors are configured: the chain was not checked. */
    UNCHECKED("unchecked"),
    /** Not a parsable X.509 certificate. */
    MALFORMED("malformed");

    private final String code;

    ChainVerdict(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
