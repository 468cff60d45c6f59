package org.madoguchi.simulator.card;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The part of a card that survives power cycles and removal: each credential's secret and retry
 * counter (docs/card.md §5). A {@link org.madoguchi.simulator.state.CardStore} keeps one per profile
 * and saves it after every change, so a card locked yesterday is locked today. Thread-safe.
 *
 * <p>A credential defined with an empty secret can never be verified: the simulator uses that for
 * values it deliberately does not hold (照合番号A, the PINs of the APs nothing of ours uses, keys
 * blocked at issuance). Secrets never leave this object except through {@link #snapshot()}, and
 * nothing here puts a secret into a string.
 */
public final class CardState {

    /** What one VERIFY with data did to a credential. */
    public sealed interface VerifyOutcome {
        /** The secret matched; the counter is back to its maximum. */
        record Verified() implements VerifyOutcome {
        }

        /** The secret did not match; {@code triesLeft} remain (0: this try blocked the key). */
        record Wrong(int triesLeft) implements VerifyOutcome {
        }

        /** The key was already blocked; nothing was counted. */
        record Blocked() implements VerifyOutcome {
        }
    }

    /** One credential as saved: identifier, secret, maximum and remaining tries. */
    public record CredentialSnapshot(String id, byte[] secret, int maxTries, int triesLeft) {
        public CredentialSnapshot {
            secret = secret.clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public String toString() {
            return "CredentialSnapshot[" + id + ", " + triesLeft + "/" + maxTries + " tries]";
        }
    }

    private static final class Credential {
        final byte[] initialSecret;
        final int initialTriesLeft;
        byte[] secret;
        final int maxTries;
        int triesLeft;

        Credential(byte[] secret, int maxTries, int triesLeft) {
            this.initialSecret = secret.clone();
            this.initialTriesLeft = triesLeft;
            this.secret = secret.clone();
            this.maxTries = maxTries;
            this.triesLeft = triesLeft;
        }
    }

    private final Map<String, Credential> credentials = new LinkedHashMap<>();
    private volatile Consumer<CardState> listener = s -> {
    };

    /** Adds (or replaces) a credential, e.g. {@code jpki/0018} with secret "1234", 3 tries, 3 left. */
    public synchronized CardState define(String id, byte[] secret, int maxTries, int triesLeft) {
        if (maxTries < 1 || triesLeft < 0 || triesLeft > maxTries) {
            throw new IllegalArgumentException("bad retry counter " + triesLeft + "/" + maxTries + " for " + id);
        }
        credentials.put(id, new Credential(secret, maxTries, triesLeft));
        return this;
    }

    /** Called (on the changing thread, holding this state's lock) after every change of a counter or secret. */
    public void onChange(Consumer<CardState> newListener) {
        listener = newListener;
    }

    public synchronized boolean has(String id) {
        return credentials.containsKey(id);
    }

    public synchronized List<String> ids() {
        return List.copyOf(credentials.keySet());
    }

    public synchronized int triesLeft(String id) {
        return get(id).triesLeft;
    }

    public synchronized int maxTries(String id) {
        return get(id).maxTries;
    }

    public synchronized boolean blocked(String id) {
        return get(id).triesLeft == 0;
    }

    /** Whether the secret differs from the one the card was issued with (CHANGE REFERENCE DATA). */
    public synchronized boolean secretChanged(String id) {
        Credential c = get(id);
        return !MessageDigest.isEqual(c.secret, c.initialSecret);
    }

    /**
     * Checks a presented secret and counts the try: a match resets the counter, a mismatch spends
     * one try, a blocked key counts nothing. Compares in constant time.
     */
    public synchronized VerifyOutcome verify(String id, byte[] presented) {
        Credential c = get(id);
        if (c.triesLeft == 0) {
            return new VerifyOutcome.Blocked();
        }
        if (c.secret.length > 0 && MessageDigest.isEqual(c.secret, presented)) {
            boolean changed = c.triesLeft != c.maxTries;
            c.triesLeft = c.maxTries;
            if (changed) {
                changed();
            }
            return new VerifyOutcome.Verified();
        }
        c.triesLeft--;
        changed();
        return new VerifyOutcome.Wrong(c.triesLeft);
    }

    /** Replaces a secret (CHANGE REFERENCE DATA after a successful VERIFY). */
    public synchronized void changeSecret(String id, byte[] secret) {
        get(id).secret = secret.clone();
        changed();
    }

    /**
     * Sets what was saved earlier onto this state: for each credential this state defines, the
     * counter (capped at its maximum) and, when present, the secret. Unknown identifiers are
     * ignored, so a saved file survives changes to the profile. Does not call the listener.
     */
    public synchronized void load(String id, int triesLeft, byte[] secretOrNull) {
        Credential c = credentials.get(id);
        if (c == null) {
            return;
        }
        c.triesLeft = Math.max(0, Math.min(triesLeft, c.maxTries));
        if (secretOrNull != null) {
            c.secret = secretOrNull.clone();
        }
    }

    /** Puts every counter and secret back to its value at issuance (the municipal window, in short). */
    public synchronized void reset() {
        for (Credential c : credentials.values()) {
            c.triesLeft = c.initialTriesLeft;
            c.secret = c.initialSecret.clone();
        }
        changed();
    }

    /** Everything needed to restore this state later. Contains secrets: never log the values. */
    public synchronized List<CredentialSnapshot> snapshot() {
        List<CredentialSnapshot> list = new ArrayList<>();
        credentials.forEach((id, c) -> list.add(new CredentialSnapshot(id, c.secret, c.maxTries, c.triesLeft)));
        return list;
    }

    /** Rebuilds a state from {@link #snapshot()}. */
    public static CardState restore(List<CredentialSnapshot> snapshot) {
        CardState s = new CardState();
        for (CredentialSnapshot c : snapshot) {
            s.define(c.id(), c.secret(), c.maxTries(), c.triesLeft());
        }
        return s;
    }

    private void changed() {
        listener.accept(this);
    }

    private Credential get(String id) {
        Credential c = credentials.get(id);
        if (c == null) {
            throw new NoSuchElementException("no credential " + id);
        }
        return c;
    }

    /** Identifiers and counters only. */
    @Override
    public synchronized String toString() {
        StringBuilder b = new StringBuilder("CardState[");
        credentials.forEach((id, c) -> b.append(id).append('=').append(c.triesLeft).append('/')
                .append(c.maxTries).append(' '));
        return b.toString().strip() + "]";
    }
}
