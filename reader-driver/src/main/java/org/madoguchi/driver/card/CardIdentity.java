package org.madoguchi.driver.card;

/**
 * The result of identifying a card.
 *
 * @param kind             what the card is
 * @param label            the EF 0006 token label without padding; empty when not JPKI
 * @param authCertPresent  EF 0008 byte 1 says the user-authentication certificate is present
 * @param signCertPresent  EF 0008 byte 0 says the signature certificate is present (absent under 15)
 */
public record CardIdentity(TokenKind kind, String label, boolean authCertPresent, boolean signCertPresent) {
    public static CardIdentity notJpki() {
        return new CardIdentity(TokenKind.NOT_JPKI, "", false, false);
    }
}
