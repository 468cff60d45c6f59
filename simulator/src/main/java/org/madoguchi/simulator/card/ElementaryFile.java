package org.madoguchi.simulator.card;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** An elementary file under a {@link DedicatedFile}: readable data, records, a PIN, or a private key. */
public sealed interface ElementaryFile {

    /** The two-byte file identifier, e.g. {@code 0x000A}. */
    int fid();

    /** Who may read a file. */
    sealed interface ReadAccess {
        /** Anyone, no credential needed. */
        record Free() implements ReadAccess {
        }

        /** Only after a successful VERIFY, in the same DF, of one of the PIN EFs {@code anyOf}. */
        record AfterVerify(Set<Integer> anyOf) implements ReadAccess {
            public AfterVerify {
                anyOf = Set.copyOf(anyOf);
                if (anyOf.isEmpty()) {
                    throw new IllegalArgumentException("at least one PIN EF");
                }
            }

            public AfterVerify(int pinFid) {
                this(Set.of(pinFid));
            }
        }

        ReadAccess FREE = new Free();
    }

    /**
     * A transparent EF read with READ BINARY. {@code content} is the whole file, including any
     * {@code FF} filler after the object it holds.
     */
    record Binary(int fid, byte[] content, ReadAccess access) implements ElementaryFile {
        public Binary {
            content = content.clone();
            Objects.requireNonNull(access);
        }

        /** The content without copying; the card never hands it out. */
        byte[] bytes() {
            return content;
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public String toString() {
            return String.format("Binary[%04X, %d bytes, %s]", fid, content.length, access);
        }
    }

    /** A record-structured EF read with READ RECORD (the 共通AP's EF 0001). */
    record Records(int fid, List<byte[]> records, ReadAccess access) implements ElementaryFile {
        public Records {
            records = records.stream().map(byte[]::clone).toList();
            Objects.requireNonNull(access);
        }

        /** Record {@code number} (1-based), not copied. */
        Optional<byte[]> record(int number) {
            return number < 1 || number > records.size() ? Optional.empty() : Optional.of(records.get(number - 1));
        }

        @Override
        public String toString() {
            return String.format("Records[%04X, %d records, %s]", fid, records.size(), access);
        }
    }

    /**
     * A PIN, password or 照合番号, the target of VERIFY. Its secret and counter live in
     * {@link CardState} under {@code credentialId}.
     */
    record Pin(int fid, String credentialId, PinFormat format) implements ElementaryFile {
        public Pin {
            Objects.requireNonNull(credentialId);
            Objects.requireNonNull(format);
        }
    }

    /**
     * A private key used by COMPUTE DIGITAL SIGNATURE ({@code 80 2A}) once the PIN EF
     * {@code pinFid} is verified. {@code key} is empty when the card has no usable key there.
     */
    record Key(int fid, int pinFid, Optional<SigningKey> key) implements ElementaryFile {
        public Key {
            Objects.requireNonNull(key);
        }
    }
}
