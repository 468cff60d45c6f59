package org.madoguchi.simulator.pki;

import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;

/**
 * What a simulated card's 署名用電子証明書 (EF 0001) says (docs/card.md §12). Every value is obviously
 * fake test data; the basic 4 information goes into subjectAltName otherNames
 * ({@code 1.2.392.200149.8.5.5.1}–{@code .6}, UTF8String each).
 *
 * @param subjectId    the CN after the two localities
 * @param prefecture   first L of the subject (romanised)
 * @param city         second L of the subject (romanised)
 * @param serial       the certificate serial number (positive)
 * @param notBefore    start of validity
 * @param notAfter     end of validity
 * @param key          the card's signature public key
 * @param name         氏名, family and given name separated by U+3000
 * @param sex          1 male, 2 female, 3 unknown
 * @param birth        {@code EYYYYMMDD}: era code (1 明治 … 5 令和) and the Gregorian date
 * @param address      住所
 */
public record SignCertificateRequest(String subjectId, String prefecture, String city, BigInteger serial,
        Instant notBefore, Instant notAfter, PublicKey key, String name, String sex, String birth, String address) {
    public SignCertificateRequest {
        Objects.requireNonNull(subjectId);
        Objects.requireNonNull(prefecture);
        Objects.requireNonNull(city);
        Objects.requireNonNull(serial);
        Objects.requireNonNull(notBefore);
        Objects.requireNonNull(notAfter);
        Objects.requireNonNull(key);
        Objects.requireNonNull(name);
        Objects.requireNonNull(sex);
        Objects.requireNonNull(birth);
        Objects.requireNonNull(address);
    }

    /** A {@code 0} per character: no character of the value is a substitute (代替文字). */
    static String noSubstitutes(String value) {
        return "0".repeat(value.codePointCount(0, value.length()));
    }
}
