package org.madoguchi.driver.apdu;

import org.madoguchi.driver.pcsc.PcscException;

/**
 * Answers {@code 6C xx} ("wrong Le, use xx") by sending the same command once more with Le = xx.
 * Only commands that carry an Le can be resent; VERIFY never gets here with one (a case-1 or case-3
 * command has no Le), so a PIN is never sent twice by this layer.
 */
public final class WrongLengthResendTransport implements ApduTransport {
    private final ApduTransport next;

    public WrongLengthResendTransport(ApduTransport next) {
        this.next = next;
    }

    @Override
    public byte[] transceive(byte[] command) throws PcscException {
        byte[] raw = next.transceive(command);
        ResponseApdu r = ResponseApdu.parse(raw);
        if (r.sw1() != 0x6C || !Apdus.hasShortLe(command)) {
            return raw;
        }
        byte[] resend = command.clone();
        resend[resend.length - 1] = (byte) r.sw2();
        return next.transceive(resend);
    }
}
