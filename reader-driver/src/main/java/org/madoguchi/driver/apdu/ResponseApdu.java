package org.madoguchi.driver.apdu;

import java.util.Arrays;

import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;

/**
 * A response APDU split into its data and status word.
 *
 * @param data the response data (possibly empty); the array is owned by this record
 * @param sw   the status word, {@code SW1 << 8 | SW2}
 */
public record ResponseApdu(byte[] data, int sw) {
    public static final int SW_OK = 0x9000;

    /** Splits raw response bytes; fewer than two bytes is a transport error (a torn answer). */
    public static ResponseApdu parse(byte[] raw) throws PcscException {
        if (raw == null || raw.length < 2) {
            throw new PcscException(PcscError.TRANSPORT,
                    "response APDU shorter than a status word (" + (raw == null ? 0 : raw.length) + " bytes)");
        }
        int sw = ((raw[raw.length - 2] & 0xFF) << 8) | (raw[raw.length - 1] & 0xFF);
        return new ResponseApdu(Arrays.copyOf(raw, raw.length - 2), sw);
    }

    public int sw1() {
        return sw >>> 8;
    }

    public int sw2() {
        return sw & 0xFF;
    }

    public boolean ok() {
        return sw == SW_OK;
    }

    /** The status word as four hex digits, e.g. {@code 6A82}. */
    public String swHex() {
        return String.format("%04X", sw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseApdu r && r.sw == sw && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + sw;
    }

    @Override
    public String toString() {
        return "ResponseApdu[" + data.length + " bytes, sw=" + swHex() + "]";
    }
}
