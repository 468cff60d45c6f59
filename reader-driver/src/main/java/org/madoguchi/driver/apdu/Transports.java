package org.madoguchi.driver.apdu;

import java.util.concurrent.atomic.LongAdder;

/** Builds the usual decorator stack over a connection. */
public final class Transports {
    private Transports() {
    }

    /**
     * GET RESPONSE and Le-resend handling above tracing and counting, so the trace and the count show
     * every APDU that actually reached the card.
     */
    public static ApduTransport standard(ApduTransport card, String reader, LongAdder apduCount) {
        ApduTransport counted = new CountingTransport(card, apduCount);
        ApduTransport traced = new TracingTransport(counted, reader);
        return new GetResponseTransport(new WrongLengthResendTransport(traced));
    }
}
