package org.madoguchi.driver.apdu;

import java.io.ByteArrayOutputStream;

import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;

/**
 * Answers {@code 61 xx} ("xx more bytes") with GET RESPONSE {@code 00 C0 00 00 xx} until the card
 * gives a final status word, and joins the data. Bounded, so a card that never stops cannot hang
 * the reader's worker.
 */
public final class GetResponseTransport implements ApduTransport {
    private static final int MAX_ROUNDS = 64;

    private final ApduTransport next;

    public GetResponseTransport(ApduTransport next) {
        this.next = next;
    }

    @Override
    public byte[] transceive(byte[] command) throws PcscException {
        ResponseApdu r = ResponseApdu.parse(next.transceive(command));
        if (r.sw1() != 0x61) {
            return join(r.data(), r.sw());
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(r.data());
        for (int round = 0; round < MAX_ROUNDS; round++) {
            byte[] getResponse = {(byte) (command[0] & 0x03), (byte) 0xC0, 0x00, 0x00, (byte) r.sw2()};
            r = ResponseApdu.parse(next.transceive(getResponse));
            data.writeBytes(r.data());
            if (r.sw1() != 0x61) {
                return join(data.toByteArray(), r.sw());
            }
        }
        throw new PcscException(PcscError.TRANSPORT, "card kept answering 61xx after " + MAX_ROUNDS + " GET RESPONSEs");
    }

    static byte[] join(byte[] data, int sw) {
        byte[] out = new byte[data.length + 2];
        System.arraycopy(data, 0, out, 0, data.length);
        out[data.length] = (byte) (sw >> 8);
        out[data.length + 1] = (byte) sw;
        return out;
    }
}
