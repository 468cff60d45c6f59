package org.madoguchi.simulator.card;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The part of a card that survives power cycles and removal: each credential's secret and retry
 * counter (domain.md §4). Small and mutable on purpose, so that it can be saved and loaded (a later
 * issue keeps it in a state directory so a blocked card stays blocked). Thread-safe.
 *
 * <p>Secrets never leave this object except through {@link #snapshot()}, and nothing here puts a
 * secret into a string.
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
        byte[] secret;
        final int maxTries;
        int triesLeft;

        Credential(byte[] secret, int maxTries, int triesLeft) {
            this.secret = secret.clone();
            this.maxTries = maxTries;
            this.triesLeft = triesLeft;
        }
    }

    private final Map<String, Credential> credentials = new LinkedHashMap<>();

    /** Adds (or replaces) a credential, e.g. {@code jpki/0018} with secret "1234", 3 tries, 3 left. */
    public synchronized CardState define(String id, byte[] secret, int maxTries, int triesLeft) {
        if (maxTries < 1 || triesLeft < 0 || triesLeft > maxTries) {
            throw new IllegalArgumentException("bad retry counter " + triesLeft + "/" + maxTries + " for " + id);
        }
        credentials.put(id, new Credential(secret, maxTries, triesLeft));
        return this;
    }

    public synchronized boolean has(String id) {
        return credentials.containsKey(id);
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

    /**
     * Checks a presented secret and counts the try: a match resets the counter, a mismatch spends
     * one try, a blocked key counts nothing. Compares in constant time.
     */
    public synchronized VerifyOutcome verify(String id, byte[] presented) {
        Credential c = get(id);
        if (c.triesLeft == 0) {
            return new VerifyOutcome.Blocked();
        }
        if (MessageDigest.isEqual(c.secret, presented)) {
            c.triesLeft = c.maxTries;
            return new VerifyOutcome.Verified();
        }
        c.triesLeft--;
        return new VerifyOutcome.Wrong(c.triesLeft);
    }

    /** Replaces a secret (CHANGE REFERENCE DATA after a successful VERIFY). */
    public synchronized void changeSecret(String id, byte[] secret) {
        get(id).secret = secret.clone();
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
