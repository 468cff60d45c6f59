package org.madoguchi.driver.apdu;

import org.madoguchi.driver.pcsc.PcscException;

/**
 * Bytes in, bytes out: one command APDU to the card, its whole response APDU back (data followed
 * by SW1 SW2). Behaviours (GET RESPONSE, resend on {@code 6Cxx}, tracing, counting) are added as
 * decorators around the connection's own transport.
 */
@FunctionalInterface
public interface ApduTransport {
    byte[] transceive(byte[] command) throws PcscException;
}
