package org.madoguchi.driver.card;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;

import org.madoguchi.driver.apdu.ApduTransport;
import org.madoguchi.driver.apdu.ResponseApdu;
import org.madoguchi.driver.pcsc.PcscException;

/**
 * Reads transparent EFs under the current DF (docs/card.md §8): short-APDU chunks of at most 256
 * bytes at 15-bit offsets, tolerant of every end-of-file answer ({@code 62 82}, {@code 6B 00}, a
 * short chunk). The first chunk is read with the short-EF form ({@code 00 B0 80|SFI}), which selects
 * and reads in one APDU; a card that refuses it gets a plain SELECT and read instead.
 */
final class EfReader {
    static final int CHUNK = 256;

    private final ApduTransport transport;

    EfReader(ApduTransport transport) {
        this.transport = transport;
    }

    private ResponseApdu send(byte[] command) throws PcscException {
        return ResponseApdu.parse(transport.transceive(command));
    }

    /**
     * Selects {@code fid} and reads {@code length} bytes from offset 0 (fewer if the file is
     * shorter). Empty when the EF does not exist.
     */
    Optional<byte[]> readStart(int fid, int length, String what) throws PcscException, CardException {
        ResponseApdu r = send(Commands.readBinarySfi(fid, length));
        if (!endsWell(r)) {
            ResponseApdu select = send(Commands.selectEf(fid));
            if (select.sw() == CardStatus.FILE_NOT_FOUND) {
                return Optional.empty();
            }
            expectOk(select, "SELECT " + what);
            r = send(Commands.readBinary(0, length));
        }
        if (r.sw() == CardStatus.SECURITY_NOT_SATISFIED) {
            throw new CardException("READ BINARY " + what + " needs a verified key", r.sw());
        }
        if (!endsWell(r)) {
            throw new CardException("READ BINARY " + what + " failed", r.sw());
        }
        return Optional.of(r.data());
    }

    /**
     * Reads a whole TLV-structured EF ({@code 30 82 LL LL …} certificates, {@code FF 20 …} card
     * face) whose first chunk is {@code first}: the length comes from the BER header, the rest is
     * read in chunks, and filler after the object is cut off.
     */
    byte[] readRestOfTlv(byte[] first, String what) throws PcscException, CardException {
        BerTlv.Header h = BerTlv.header(first, 0, first.length)
                .orElseThrow(() -> new CardException(what + ": no BER header", -1));
        int total = h.totalLength();
        if (total > 0x7FFF + CHUNK) {
            throw new CardException(what + ": declared length " + total + " is beyond the 15-bit offset range", -1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        out.write(first, 0, Math.min(first.length, total));
        while (out.size() < total) {
            int offset = out.size();
            if (offset > 0x7FFF) {
                throw new CardException(what + ": offset beyond 7FFF", -1);
            }
            int want = Math.min(CHUNK, total - offset);
            ResponseApdu r = send(Commands.readBinary(offset, want));
            if (!endsWell(r) || r.data().length == 0) {
                throw new CardException(what + " ended at " + offset + " of " + total + " bytes", r.sw());
            }
            out.write(r.data(), 0, Math.min(r.data().length, total - offset));
        }
        return out.toByteArray();
    }

    /** {@code 90 00}, or an end-of-file warning that still delivered data. */
    private static boolean endsWell(ResponseApdu r) {
        return r.ok() || (r.sw() == CardStatus.END_OF_FILE_WARNING && r.data().length > 0);
    }

    static void expectOk(ResponseApdu r, String what) throws CardException {
        if (!r.ok()) {
            throw new CardException(what + " failed", r.sw());
        }
    }

    static byte[] trimmed(byte[] data, int length) {
        return data.length <= length ? data : Arrays.copyOf(data, length);
    }
}
