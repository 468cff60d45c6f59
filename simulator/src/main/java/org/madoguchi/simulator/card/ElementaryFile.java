package org.madoguchi.simulator.card;

import java.util.Objects;
import java.util.Optional;

/** An elementary file under a {@link DedicatedFile}: readable data, a PIN, or a private key. */
public sealed interface ElementaryFile {

    /** The two-byte file identifier, e.g. {@code 0x000A}. */
    int fid();

    /** Who may READ BINARY a transparent file. */
    sealed interface ReadAccess {
        /** Anyone, no credential needed. */
        record Free() implements ReadAccess {
        }

        /** Only after a successful VERIFY of the PIN EF {@code pinFid} in the same DF. */
        record AfterVerify(int pinFid) implements ReadAccess {
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

    /**
     * A PIN or password, the target of VERIFY. Its secret and counter live in {@link CardState}
     * under {@code credentialId}.
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
