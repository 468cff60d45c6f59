package org.madoguchi.driver.pcsc;

/**
 * The small closed set of PC/SC failures that the rest of madoguchi sees. Back-ends map every
 * native error ({@code SCARD_E_*}, {@code SCARD_W_*}, JDK exceptions) to one of these; the native
 * name never reaches a user.
 */
public enum PcscError {
    /** The PC/SC service (pcscd, Windows Smart Card service) is not running or went away. */
    NO_SERVICE("no_service"),
    /** No reader is attached. */
    NO_READERS("no_readers"),
    /** The reader was unplugged or is unknown. */
    READER_REMOVED("reader_removed"),
    /** The card was removed (or there was none when connecting). */
    CARD_REMOVED("card_removed"),
    /** Someone else reset the card; the security state is gone. */
    CARD_RESET("card_reset"),
    /** Another process holds the card exclusively. */
    SHARING_VIOLATION("sharing_violation"),
    /** A wait or a card operation took too long. */
    TIMEOUT("timeout"),
    /** Anything else on the way to the card: a driver error, a malformed answer, a protocol error. */
    TRANSPORT("transport");

    private final String code;

    PcscError(String code) {
        this.code = code;
    }

    /** The stable wire name, e.g. {@code card_removed}. */
    public String code() {
        return code;
    }
}
