package org.madoguchi.driver.apdu;

import org.madoguchi.driver.pcsc.PcscException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every exchange at TRACE on logger {@code org.madoguchi.apdu}. The data of VERIFY and CHANGE
 * REFERENCE DATA is masked as {@code XX}; response data is shown only as its length, so a
 * certificate or a photo never fills a log either.
 */
public final class TracingTransport implements ApduTransport {
    private static final Logger log = LoggerFactory.getLogger("org.madoguchi.apdu");

    private final ApduTransport next;
    private final String reader;

    public TracingTransport(ApduTransport next, String reader) {
        this.next = next;
        this.reader = reader;
    }

    @Override
    public byte[] transceive(byte[] command) throws PcscException {
        if (!log.isTraceEnabled()) {
            return next.transceive(command);
        }
        log.trace("[{}] > {}", reader, Apdus.masked(command));
        long start = System.nanoTime();
        try {
            byte[] response = next.transceive(command);
            long micros = (System.nanoTime() - start) / 1000;
            if (response.length >= 2) {
                log.trace("[{}] < {} bytes, SW {} ({} µs)", reader, response.length - 2,
                        String.format("%02X%02X", response[response.length - 2], response[response.length - 1]), micros);
            } else {
                log.trace("[{}] < torn response of {} bytes ({} µs)", reader, response.length, micros);
            }
            return response;
        } catch (PcscException e) {
            log.trace("[{}] < {}", reader, e.error().code());
            throw e;
        }
    }
}
