package org.madoguchi.driver.apdu;

import java.util.concurrent.atomic.LongAdder;

import org.madoguchi.driver.pcsc.PcscException;

/** Counts the APDUs that reach the card (for metrics and for the APDU budget of each operation). */
public final class CountingTransport implements ApduTransport {
    private final ApduTransport next;
    private final LongAdder count;

    /** Counts into {@code count}, which may be shared by several transports (one per reader). */
    public CountingTransport(ApduTransport next, LongAdder count) {
        this.next = next;
        this.count = count;
    }

    @Override
    public byte[] transceive(byte[] command) throws PcscException {
        count.increment();
        return next.transceive(command);
    }
}
