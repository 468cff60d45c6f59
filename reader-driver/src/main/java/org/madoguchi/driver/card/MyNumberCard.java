package org.madoguchi.driver.card;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.madoguchi.driver.apdu.ApduTransport;
import org.madoguchi.driver.apdu.ResponseApdu;
import org.madoguchi.driver.pcsc.PcscException;

/**
 * Operations on a My Number card (or a JPKI token) over an {@link ApduTransport}. One instance
 * per card presence; not thread-safe (the reader's worker owns it).
 */
public final class MyNumberCard {
    private static final int SW_FILE_NOT_FOUND = 0x6A82;
    private static final int LABEL_LENGTH = 32;

    private final ApduTransport transport;
    private final CardLayout layout;

    public MyNumberCard(ApduTransport transport, CardLayout layout) {
        this.transport = Objects.requireNonNull(transport);
        this.layout = Objects.requireNonNull(layout);
    }

    /**
     * Tells what the card is: SELECT the JPKI AP ({@code 6A 82} means "not JPKI"), read the token
     * label (EF 0006) and the certificate presence (EF 0008). Sends five APDUs on a JPKI token,
     * one otherwise (transcript A of domain.md §12).
     */
    public CardIdentity identify() throws PcscException, CardException {
        ResponseApdu select = send(Commands.selectDf(layout.jpkiAid()));
        if (select.sw() == SW_FILE_NOT_FOUND) {
            return CardIdentity.notJpki();
        }
        expectOk(select, "SELECT JPKI AP");
        String label = readLabel();
        TokenKind kind = TokenKind.ofLabel(label);
        boolean auth = true;
        boolean sign = true;
        ResponseApdu presenceSelect = send(Commands.selectEf(layout.certPresenceFid()));
        if (presenceSelect.ok()) {
            ResponseApdu presence = send(Commands.readBinary(0, 3));
            if (presence.ok() && presence.data().length >= 2) {
                sign = presence.data()[0] != 0;
                auth = presence.data()[1] != 0;
            }
        }
        return new CardIdentity(kind, label, auth, sign);
    }

    private String readLabel() throws PcscException, CardException {
        expectOk(send(Commands.selectEf(layout.tokenInfoFid())), "SELECT token info EF");
        ResponseApdu r = send(Commands.readBinary(0, LABEL_LENGTH));
        expectOk(r, "READ BINARY token label");
        byte[] d = r.data();
        int end = Math.min(d.length, LABEL_LENGTH);
        while (end > 0 && (d[end - 1] == ' ' || d[end - 1] == 0)) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            if (d[i] < 0x20 || d[i] > 0x7E) {
                throw new CardException("token label is not printable ASCII", -1);
            }
        }
        return new String(d, 0, end, StandardCharsets.US_ASCII);
    }

    private ResponseApdu send(byte[] command) throws PcscException {
        return ResponseApdu.parse(transport.transceive(command));
    }

    private static void expectOk(ResponseApdu r, String what) throws CardException {
        if (!r.ok()) {
            throw new CardException(what + " failed", r.sw());
        }
    }
}
