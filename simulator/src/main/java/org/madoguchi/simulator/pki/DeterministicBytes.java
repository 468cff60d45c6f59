package org.madoguchi.simulator.pki;

/** Filler bytes that are the same in every run: a SHA-256 counter-mode stream over a label. */
public final class DeterministicBytes {
    private DeterministicBytes() {
    }

    public static byte[] of(String label, int length) {
        return new DeterministicRsa.Stream(DeterministicRsa.DOMAIN + "bytes/" + label).next(length);
    }
}
