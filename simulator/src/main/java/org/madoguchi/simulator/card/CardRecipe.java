package org.madoguchi.simulator.card;

import java.util.Objects;
import java.util.Optional;

import org.madoguchi.driver.spi.Simulation.FaceOutcome;

/**
 * What a profile's card is, before it is built: the kind of token, its holder, its counters at
 * issuance and how its certificates are dated. {@link CardFactory} turns it into a card.
 *
 * @param kind                  physical card, 住基カード, smartphone token, or another Type B card
 * @param person                the fake holder (empty for tokens without a card face)
 * @param authTriesLeft         the auth PIN's counter at issuance (3, or 1, or 0)
 * @param blockedAtIssuance     the JPKI PIN and password were never set (顔認証マイナンバーカード)
 * @param signCertificate       whether a signature certificate was issued (not under 15)
 * @param validity              how the certificates are dated
 * @param codeBMaxTries         照合番号B's retry limit (reported as 10; unconfirmed)
 * @param defaultFace           what the simulated face engine reports until steered
 * @param serial                distinguishes this card's serial numbers and identifiers
 */
public record CardRecipe(Kind kind, Optional<Person> person, int authTriesLeft, boolean blockedAtIssuance,
        boolean signCertificate, Validity validity, int codeBMaxTries, FaceOutcome defaultFace, int serial) {

    /** The kinds of card the reader can meet. */
    public enum Kind {
        /** A physical マイナンバーカード with its five applications. */
        PHYSICAL,
        /** A 住基カード: JPKI with only a signature certificate, and the 住基AP. */
        JUKI,
        /** The iPhone's JPKI token. */
        IPHONE,
        /** The Android JPKI token (GlobalPlatform SE). */
        ANDROID,
        /** A Type B card without the JPKI application. */
        OTHER
    }

    /** How the certificates' validity is chosen, relative to today where needed. */
    public enum Validity {
        /**
         * Issued on 10 January of last year, valid to the 5th birthday after that: always more than
         * two years to run, re-dated once a year, so the card never expires under the tests.
         */
        FIVE_BIRTHDAYS,
        /** Expired 120 days ago: past the 3-month grace after expiry. */
        EXPIRED,
        /** Expires in 45 days: inside the 3-month renewal window (更新アラート). */
        RENEWAL_DUE,
        /** A 住基カード signature certificate: 2015-03-10 to 2018-03-09, long expired. */
        JUKI_ERA
    }

    public CardRecipe {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(person);
        Objects.requireNonNull(validity);
        Objects.requireNonNull(defaultFace);
        if (kind == Kind.PHYSICAL && person.isEmpty()) {
            throw new IllegalArgumentException("a physical card needs a holder");
        }
        if (codeBMaxTries < 1 || codeBMaxTries > 15) {
            throw new IllegalArgumentException("照合番号B tries must be 1-15 (one nibble of 63 Cx)");
        }
    }

    /** A physical adult's card: PIN 1234 with 3 tries, both certificates, 10 tries of 照合番号B. */
    public static CardRecipe physical(Person person, int serial) {
        return new CardRecipe(Kind.PHYSICAL, Optional.of(person), JpkiApplication.AUTH_PIN_MAX_TRIES, false, true,
                Validity.FIVE_BIRTHDAYS, FaceApplication.DEFAULT_CODE_B_MAX_TRIES, FaceOutcome.MATCH, serial);
    }

    public CardRecipe withKind(Kind k) {
        return new CardRecipe(k, person, authTriesLeft, blockedAtIssuance, signCertificate, validity, codeBMaxTries,
                defaultFace, serial);
    }

    public CardRecipe withAuthTriesLeft(int left) {
        return new CardRecipe(kind, person, left, blockedAtIssuance, signCertificate, validity, codeBMaxTries,
                defaultFace, serial);
    }

    public CardRecipe withBlockedAtIssuance(boolean blocked) {
        return new CardRecipe(kind, person, authTriesLeft, blocked, signCertificate, validity, codeBMaxTries,
                defaultFace, serial);
    }

    public CardRecipe withSignCertificate(boolean issued) {
        return new CardRecipe(kind, person, authTriesLeft, blockedAtIssuance, issued, validity, codeBMaxTries,
                defaultFace, serial);
    }

    public CardRecipe withValidity(Validity v) {
        return new CardRecipe(kind, person, authTriesLeft, blockedAtIssuance, signCertificate, v, codeBMaxTries,
                defaultFace, serial);
    }

    public CardRecipe withCodeBMaxTries(int max) {
        return new CardRecipe(kind, person, authTriesLeft, blockedAtIssuance, signCertificate, validity, max,
                defaultFace, serial);
    }

    public CardRecipe withDefaultFace(FaceOutcome face) {
        return new CardRecipe(kind, person, authTriesLeft, blockedAtIssuance, signCertificate, validity, codeBMaxTries,
                face, serial);
    }
}
