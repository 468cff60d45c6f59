package org.madoguchi.driver.pcsc;

import java.util.Locale;
import java.util.Optional;

/**
 * The native PC/SC return codes madoguchi knows, each mapped to the closed {@link PcscError} set.
 * Values are the same in pcsc-lite, WinSCard and PCSC.framework.
 */
public enum PcscStatus {
    SCARD_S_SUCCESS(0x00000000L, null),
    SCARD_F_INTERNAL_ERROR(0x80100001L, PcscError.TRANSPORT),
    SCARD_E_CANCELLED(0x80100002L, PcscError.TIMEOUT),
    SCARD_E_INVALID_HANDLE(0x80100003L, PcscError.NO_SERVICE),
    SCARD_E_INVALID_PARAMETER(0x80100004L, PcscError.TRANSPORT),
    SCARD_E_NO_MEMORY(0x80100006L, PcscError.TRANSPORT),
    SCARD_E_INSUFFICIENT_BUFFER(0x80100008L, PcscError.TRANSPORT),
    SCARD_E_UNKNOWN_READER(0x80100009L, PcscError.READER_REMOVED),
    SCARD_E_TIMEOUT(0x8010000AL, PcscError.TIMEOUT),
    SCARD_E_SHARING_VIOLATION(0x8010000BL, PcscError.SHARING_VIOLATION),
    SCARD_E_NO_SMARTCARD(0x8010000CL, PcscError.CARD_REMOVED),
    SCARD_E_PROTO_MISMATCH(0x8010000FL, PcscError.TRANSPORT),
    SCARD_E_NOT_READY(0x80100010L, PcscError.TRANSPORT),
    SCARD_E_INVALID_VALUE(0x80100011L, PcscError.TRANSPORT),
    /** pcsc-lite: the connection to the resource manager (pcscd) was lost. */
    SCARD_F_COMM_ERROR(0x80100013L, PcscError.NO_SERVICE),
    SCARD_E_NOT_TRANSACTED(0x80100016L, PcscError.TRANSPORT),
    SCARD_E_READER_UNAVAILABLE(0x80100017L, PcscError.READER_REMOVED),
    SCARD_E_NO_SERVICE(0x8010001DL, PcscError.NO_SERVICE),
    SCARD_E_SERVICE_STOPPED(0x8010001EL, PcscError.NO_SERVICE),
    SCARD_E_UNEXPECTED(0x8010001FL, PcscError.TRANSPORT),
    SCARD_E_UNSUPPORTED_FEATURE(0x80100022L, PcscError.TRANSPORT),
    SCARD_E_NO_READERS_AVAILABLE(0x8010002EL, PcscError.NO_READERS),
    SCARD_E_COMM_DATA_LOST(0x8010002FL, PcscError.TRANSPORT),
    SCARD_W_UNRESPONSIVE_CARD(0x80100066L, PcscError.TRANSPORT),
    SCARD_W_UNPOWERED_CARD(0x80100067L, PcscError.CARD_REMOVED),
    SCARD_W_RESET_CARD(0x80100068L, PcscError.CARD_RESET),
    SCARD_W_REMOVED_CARD(0x80100069L, PcscError.CARD_REMOVED);

    private final long code;
    private final PcscError error;

    PcscStatus(long code, PcscError error) {
        this.code = code;
        this.error = error;
    }

    public long code() {
        return code;
    }

    /** The closed-set error; {@link PcscError#TRANSPORT} for success is never asked for. */
    public PcscError error() {
        return error == null ? PcscError.TRANSPORT : error;
    }

    /** The status for a native return code (compared as an unsigned 32-bit value). */
    public static Optional<PcscStatus> ofCode(long code) {
        long c = code & 0xFFFFFFFFL;
        for (PcscStatus s : values()) {
            if (s.code == c) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Finds the first status name mentioned in a message, e.g. the JDK's "SCARD_E_NO_SERVICE". */
    public static Optional<PcscStatus> mentionedIn(String message) {
        if (message == null) {
            return Optional.empty();
        }
        String upper = message.toUpperCase(Locale.ROOT);
        PcscStatus best = null;
        for (PcscStatus s : values()) {
            // Longest match wins (SCARD_E_NO_READERS_AVAILABLE vs a hypothetical prefix).
            if (upper.contains(s.name()) && (best == null || s.name().length() > best.name().length())) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A {@link PcscException} for a failed native call. */
    public static PcscException exception(String operation, long code) {
        Optional<PcscStatus> s = ofCode(code);
        String name = s.map(Enum::name).orElse(String.format("0x%08X", code & 0xFFFFFFFFL));
        return new PcscException(s.map(PcscStatus::error).orElse(PcscError.TRANSPORT), operation + ": " + name);
    }
}
