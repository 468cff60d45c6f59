package org.madoguchi.simulator.card;

/**
 * The points where real cards differ or sources disagree (docs/card.md §§6.1, 9.3, 14), as switches.
 *
 * @param blockedQuerySw           what the case-1 VERIFY answers on a blocked key: {@code 63 C0}
 *                                 (the default) or {@code 69 84}
 * @param queryOkWhenVerified      the case-1 VERIFY answers {@code 90 00} when the key is already
 *                                 verified in this session (some cards); otherwise {@code 63 Cx}
 * @param keepVerifiedOnWarmReset  a warm reset keeps the verified status (as observed on real
 *                                 cards); a power-off always clears it
 * @param acceptsLastCommandIndicator {@code 80 FC 00 00} answers {@code 90 00} (the iPhone token);
 *                                 physical cards answer {@code 67 00}
 */
public record CardBehaviour(
        int blockedQuerySw,
        boolean queryOkWhenVerified,
        boolean keepVerifiedOnWarmReset,
        boolean acceptsLastCommandIndicator) {

    /** A physical 2016 card in the common case of docs/card.md. */
    public static final CardBehaviour PHYSICAL = new CardBehaviour(StatusWords.TRIES_EXHAUSTED, false, true, false);

    public CardBehaviour {
        if (blockedQuerySw != StatusWords.TRIES_EXHAUSTED && blockedQuerySw != StatusWords.KEY_LOCKED) {
            throw new IllegalArgumentException("blocked query answer must be 63C0 or 6984");
        }
    }

    public CardBehaviour withBlockedQuerySw(int sw) {
        return new CardBehaviour(sw, queryOkWhenVerified, keepVerifiedOnWarmReset, acceptsLastCommandIndicator);
    }

    public CardBehaviour withQueryOkWhenVerified(boolean on) {
        return new CardBehaviour(blockedQuerySw, on, keepVerifiedOnWarmReset, acceptsLastCommandIndicator);
    }

    public CardBehaviour withKeepVerifiedOnWarmReset(boolean on) {
        return new CardBehaviour(blockedQuerySw, queryOkWhenVerified, on, acceptsLastCommandIndicator);
    }

    public CardBehaviour withLastCommandIndicator(boolean on) {
        return new CardBehaviour(blockedQuerySw, queryOkWhenVerified, keepVerifiedOnWarmReset, on);
    }
}
