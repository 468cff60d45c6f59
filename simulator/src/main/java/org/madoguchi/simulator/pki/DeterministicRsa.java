package org.madoguchi.simulator.pki;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RSA-2048 key pairs derived from a label, the same on every machine, JVM and JDK: the primes are
 * searched for in a SHA-256 counter-mode stream seeded by the label (only the primality test is the
 * JDK's, and it does not change which number is prime). So the test roots exported by one process
 * are the roots every other process signs with, with nothing stored on disk.
 *
 * <p>Keys are cached per JVM. A key takes some tens of milliseconds to find.
 *
 * <p>Test keys only: anyone who knows the label knows the private key.
 */
public final class DeterministicRsa {
    /** Changing this changes every simulated key and certificate. */
    static final String DOMAIN = "madoguchi-simulator/test-pki/v1/";
    private static final BigInteger E = BigInteger.valueOf(65537);
    private static final int PRIME_BYTES = 128;
    private static final int[] SMALL_PRIMES = smallPrimes(4000);
    private static final Map<String, KeyPair> CACHE = new ConcurrentHashMap<>();

    private DeterministicRsa() {
    }

    /** The key pair for {@code label} (RSA-2048, e = 65537), from the cache or derived now. */
    public static KeyPair keyPair(String label) {
        KeyPair cached = CACHE.get(label);
        if (cached != null) {
            return cached;
        }
        KeyPair fresh = derive(label);
        KeyPair raced = CACHE.putIfAbsent(label, fresh);
        return raced == null ? fresh : raced;
    }

    static KeyPair derive(String label) {
        Stream stream = new Stream(DOMAIN + label);
        BigInteger p = prime(stream);
        BigInteger q;
        do {
            q = prime(stream);
        } while (q.equals(p));
        if (p.compareTo(q) < 0) {
            BigInteger t = p;
            p = q;
            q = t;
        }
        BigInteger n = p.multiply(q);
        BigInteger p1 = p.subtract(BigInteger.ONE);
        BigInteger q1 = q.subtract(BigInteger.ONE);
        BigInteger lambda = p1.divide(p1.gcd(q1)).multiply(q1);
        BigInteger d = E.modInverse(lambda);
        try {
            KeyFactory kf = KeyFactory.getInstance("RSA");
            return new KeyPair(kf.generatePublic(new RSAPublicKeySpec(n, E)),
                    kf.generatePrivate(new RSAPrivateCrtKeySpec(n, E, d, p, q, d.mod(p1), d.mod(q1), q.modInverse(p))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key construction failed", e);
        }
    }

    /**
     * A 1024-bit prime with its two top bits set (so that p·q has exactly 2048 bits) and
     * gcd(e, p − 1) = 1: a random odd start from the stream, then upwards in steps of 2, sieved by
     * small primes before the probabilistic test.
     */
    private static BigInteger prime(Stream stream) {
        while (true) {
            byte[] b = stream.next(PRIME_BYTES);
            b[0] |= (byte) 0xC0;
            b[PRIME_BYTES - 1] |= 1;
            BigInteger start = new BigInteger(1, b);
            int[] residues = new int[SMALL_PRIMES.length];
            for (int i = 0; i < SMALL_PRIMES.length; i++) {
                residues[i] = start.mod(BigInteger.valueOf(SMALL_PRIMES[i])).intValue();
            }
            for (int step = 0; step < 1 << 16; step += 2) {
                if (divisibleBySmallPrime(residues, step)) {
                    continue;
                }
                BigInteger candidate = start.add(BigInteger.valueOf(step));
                if (candidate.bitLength() != PRIME_BYTES * 8) {
                    break;
                }
                if (candidate.subtract(BigInteger.ONE).gcd(E).equals(BigInteger.ONE) && candidate.isProbablePrime(80)) {
                    return candidate;
                }
            }
        }
    }

    private static boolean divisibleBySmallPrime(int[] residues, int step) {
        for (int i = 0; i < SMALL_PRIMES.length; i++) {
            if ((residues[i] + step) % SMALL_PRIMES[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static int[] smallPrimes(int below) {
        boolean[] composite = new boolean[below];
        int count = 0;
        for (int i = 3; i < below; i += 2) {
            if (!composite[i]) {
                count++;
                for (long j = (long) i * i; j < below; j += 2L * i) {
                    composite[(int) j] = true;
                }
            }
        }
        int[] primes = new int[count];
        int k = 0;
        for (int i = 3; i < below; i += 2) {
            if (!composite[i]) {
                primes[k++] = i;
            }
        }
        return primes;
    }

    /** SHA-256(seed ‖ counter) blocks, concatenated. */
    static final class Stream {
        private final byte[] seed;
        private long counter;

        Stream(String seed) {
            this.seed = seed.getBytes(StandardCharsets.UTF_8);
        }

        byte[] next(int length) {
            byte[] out = new byte[length];
            int filled = 0;
            MessageDigest sha = sha256();
            while (filled < length) {
                sha.update(seed);
                for (int i = 7; i >= 0; i--) {
                    sha.update((byte) (counter >>> (8 * i)));
                }
                counter++;
                byte[] block = sha.digest();
                int n = Math.min(block.length, length - filled);
                System.arraycopy(block, 0, out, filled, n);
                filled += n;
            }
            return out;
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
