package org.madoguchi.driver.card;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of identifying a card.
 *
 * @param kind               what the card is
 * @param label              the EF 0006 token label without padding; empty when not JPKI
 * @param authCertPresent    EF 0008 byte 1 says the user-authentication certificate is present
 * @param signCertPresent    EF 0008 byte 0 says the signature certificate is present (absent under 15)
 * @param userPinInitialized the EF 0006 token flags' CKF_USER_PIN_INITIALIZED: whether a user PIN was
 *                           ever set (a 顔認証マイナンバーカード has none); empty when the flags could
 *                           not be read, which callers take as "assume a PIN is set"
 */
public record CardIdentity(TokenKind kind, String label, boolean authCertPresent, boolean signCertPresent,
        Optional<Boolean> userPinInitialized) {
    public CardIdentity {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(label);
        Objects.requireNonNull(userPinInitialized);
    }

    public static CardIdentity notJpki() {
        return new CardIdentity(TokenKind.NOT_JPKI, "", false, false, Optional.empty());
    }

    /** The token says no user PIN was ever set (unknown flags do not say so). */
    public boolean saysNoUserPin() {
        return userPinInitialized.isPresent() && !userPinInitialized.get();
    }
}
