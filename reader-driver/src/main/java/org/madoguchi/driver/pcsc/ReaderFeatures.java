package org.madoguchi.driver.pcsc;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import com.sun.jna.Platform;

/**
 * The PC/SC part 10 features a reader offers (pin pad, display, …), as reported to
 * {@code CM_IOCTL_GET_FEATURE_REQUEST}: a list of {@code tag, 04, control code (big-endian)}.
 * A later pin-pad flow uses {@link Feature#VERIFY_PIN_DIRECT}, so the PIN never passes through the PC.
 */
public record ReaderFeatures(Map<Feature, Integer> controlCodes) {
    /** The part 10 feature tags madoguchi knows. */
    public enum Feature {
        VERIFY_PIN_START(0x01), VERIFY_PIN_FINISH(0x02), MODIFY_PIN_START(0x03), MODIFY_PIN_FINISH(0x04),
        GET_KEY_PRESSED(0x05), VERIFY_PIN_DIRECT(0x06), MODIFY_PIN_DIRECT(0x07), MCT_READER_DIRECT(0x08),
        MCT_UNIVERSAL(0x09), IFD_PIN_PROPERTIES(0x0A), ABORT(0x0B), SET_SPE_MESSAGE(0x0C),
        VERIFY_PIN_DIRECT_APP_ID(0x0D), MODIFY_PIN_DIRECT_APP_ID(0x0E), WRITE_DISPLAY(0x0F), GET_KEY(0x10),
        IFD_DISPLAY_PROPERTIES(0x11), GET_TLV_PROPERTIES(0x12), CCID_ESC_COMMAND(0x13);

        private final int tag;

        Feature(int tag) {
            this.tag = tag;
        }

        static Optional<Feature> ofTag(int tag) {
            for (Feature f : values()) {
                if (f.tag == tag) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    public ReaderFeatures {
        EnumMap<Feature, Integer> copy = new EnumMap<>(Feature.class);
        copy.putAll(controlCodes);
        controlCodes = Collections.unmodifiableMap(copy);
    }

    /** {@code SCARD_CTL_CODE(code)} as the platform's PC/SC defines it. */
    public static int scardCtlCode(int code) {
        return Platform.isWindows() ? (0x31 << 16) | (code << 2) : 0x42000000 + code;
    }

    /** {@code CM_IOCTL_GET_FEATURE_REQUEST}. */
    public static int getFeatureRequest() {
        return scardCtlCode(3400);
    }

    /** Asks the reader; a reader without part 10 support answers with an error, mapped by the back-end. */
    public static ReaderFeatures query(CardConnection connection) throws PcscException {
        return parse(connection.control(getFeatureRequest(), new byte[0]));
    }

    /** Parses the TLV list; unknown tags are skipped, a malformed list is a transport error. */
    public static ReaderFeatures parse(byte[] tlv) throws PcscException {
        Map<Feature, Integer> codes = new EnumMap<>(Feature.class);
        int p = 0;
        while (p < tlv.length) {
            if (p + 2 > tlv.length || (tlv[p + 1] & 0xFF) != 4 || p + 6 > tlv.length) {
                throw new PcscException(PcscError.TRANSPORT, "malformed part 10 feature list");
            }
            int tag = tlv[p] & 0xFF;
            int code = ((tlv[p + 2] & 0xFF) << 24) | ((tlv[p + 3] & 0xFF) << 16) | ((tlv[p + 4] & 0xFF) << 8)
                    | (tlv[p + 5] & 0xFF);
            Feature.ofTag(tag).ifPresent(f -> codes.put(f, code));
            p += 6;
        }
        return new ReaderFeatures(codes);
    }

    public Optional<Integer> controlCode(Feature feature) {
        return Optional.ofNullable(controlCodes.get(feature));
    }
}
