package org.madoguchi.simulator.card;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a card knows only while powered: the current DF and EF, and the PIN EFs verified in the DF
 * where the VERIFY happened (the security status). Selecting another DF clears that status,
 * re-selecting the same DF keeps it (docs/card.md §§1, 9.3). Guarded by the card's lock.
 */
final class CardSession {
    DedicatedFile currentDf;
    ElementaryFile currentEf;
    /** The DF whose security status is held; survives a warm reset, unlike {@link #currentDf}. */
    private DedicatedFile verifiedDf;
    private final Set<Integer> verifiedPins = new HashSet<>();

    void clear() {
        currentDf = null;
        currentEf = null;
        clearVerified();
    }

    /** A warm reset: nothing selected; the security status kept or not, as the card behaves. */
    void warmReset(boolean keepVerified) {
        currentDf = null;
        currentEf = null;
        if (!keepVerified) {
            clearVerified();
        }
    }

    void clearVerified() {
        verifiedDf = null;
        verifiedPins.clear();
    }

    /** Selects a DF; leaving another DF drops its security status. */
    void enter(DedicatedFile df) {
        if (!df.equals(verifiedDf)) {
            clearVerified();
        }
        currentDf = df;
        currentEf = null;
    }

    /** Whether the PIN EF {@code pinFid} of the current DF is verified. */
    boolean verified(int pinFid) {
        return currentDf != null && currentDf.equals(verifiedDf) && verifiedPins.contains(pinFid);
    }

    boolean verifiedAny(Set<Integer> pinFids) {
        return pinFids.stream().anyMatch(this::verified);
    }

    void markVerified(int pinFid) {
        if (!currentDf.equals(verifiedDf)) {
            clearVerified();
            verifiedDf = currentDf;
        }
        verifiedPins.add(pinFid);
    }

    void unverify(int pinFid) {
        verifiedPins.remove(pinFid);
    }

    Optional<ElementaryFile.Pin> currentPin() {
        return currentEf instanceof ElementaryFile.Pin p ? Optional.of(p) : Optional.empty();
    }

    boolean readable(ElementaryFile.ReadAccess access) {
        if (access instanceof ElementaryFile.ReadAccess.AfterVerify after) {
            return verifiedAny(after.anyOf());
        }
        return access instanceof ElementaryFile.ReadAccess.Free;
    }
}
