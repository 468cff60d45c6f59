package org.madoguchi.driver.pcsc.jna;

import java.util.Arrays;

import com.sun.jna.Memory;

import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.Disposition;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.PcscStatus;
import org.madoguchi.driver.pcsc.TornAnswers;
import org.madoguchi.driver.pcsc.jna.PcscTypes.Dword;
import org.madoguchi.driver.pcsc.jna.PcscTypes.DwordByReference;
import org.madoguchi.driver.pcsc.jna.PcscTypes.Handle;

/** A card connection through our JNA binding. Owned by one thread. */
final class JnaCardConnection implements CardConnection {
    private static final int MAX_RESPONSE = 65536 + 2;

    private final JnaReaderBackend backend;
    private final Winscard lib;
    private final Handle card;
    private final String reader;
    private final long protocol;
    private final byte[] atr;
    private final Memory sendPci;
    private final byte[] receive = new byte[MAX_RESPONSE];
    private boolean open = true;

    JnaCardConnection(JnaReaderBackend backend, Winscard lib, Handle card, String reader, long protocol, byte[] atr) {
        this.backend = backend;
        this.lib = lib;
        this.card = card;
        this.reader = reader;
        this.protocol = protocol;
        this.atr = atr;
        // SCARD_IO_REQUEST {dwProtocol, cbPciLength}
        this.sendPci = new Memory(2L * PcscTypes.DWORD_SIZE);
        if (PcscTypes.DWORD_SIZE == 4) {
            sendPci.setInt(0, (int) protocol);
            sendPci.setInt(4, 8);
        } else {
            sendPci.setLong(0, protocol);
            sendPci.setLong(8, 16);
        }
    }

    @Override
    public String reader() {
        return reader;
    }

    @Override
    public byte[] atr() {
        return atr.clone();
    }

    @Override
    public String protocol() {
        return protocol == Winscard.SCARD_PROTOCOL_T0 ? "T=0" : protocol == Winscard.SCARD_PROTOCOL_T1 ? "T=1" : "T=CL";
    }

    @Override
    public byte[] transceive(byte[] command) throws PcscException {
        DwordByReference length = new DwordByReference(receive.length);
        long rc = backend.checkedIo(lib.SCardTransmit(card, sendPci, command, new Dword(command.length), null,
                receive, length));
        backend.check("transmit", rc);
        if (length.getValue() < 2) {
            // A torn answer: what a reader reports when the card leaves during the APDU.
            throw new PcscException(TornAnswers.cardLeft(this::cardGone) ? PcscError.CARD_REMOVED : PcscError.TRANSPORT,
                    "transmit: response of " + length.getValue() + " bytes");
        }
        byte[] response = Arrays.copyOf(receive, (int) length.getValue());
        Arrays.fill(receive, 0, (int) length.getValue(), (byte) 0);
        return response;
    }

    /** Whether the card has left: SCardStatus reports removal, or no card present. */
    private boolean cardGone() {
        DwordByReference nameLength = new DwordByReference(0);
        DwordByReference state = new DwordByReference();
        DwordByReference proto = new DwordByReference();
        byte[] atrBuffer = new byte[40];
        DwordByReference atrLength = new DwordByReference(atrBuffer.length);
        long rc = lib.SCardStatus(card, null, nameLength, state, proto, atrBuffer, atrLength).longValue() & 0xFFFFFFFFL;
        if (rc != 0) {
            return PcscStatus.ofCode(rc).map(st -> st.error() == PcscError.CARD_REMOVED).orElse(false);
        }
        long s = state.getValue();
        if (com.sun.jna.Platform.isWindows()) {
            return s <= 1; // WinSCard states are values: SCARD_UNKNOWN 0, SCARD_ABSENT 1
        }
        return (s & 0x0002) != 0 && (s & 0x0004) == 0; // pcsc-lite bits: SCARD_ABSENT 2, SCARD_PRESENT 4
    }

    @Override
    public void beginTransaction() throws PcscException {
        backend.check("begin transaction", backend.checkedIo(lib.SCardBeginTransaction(card)));
    }

    @Override
    public void endTransaction() throws PcscException {
        backend.check("end transaction",
                backend.checkedIo(lib.SCardEndTransaction(card, new Dword(Winscard.SCARD_LEAVE_CARD))));
    }

    @Override
    public byte[] control(int controlCode, byte[] command) throws PcscException {
        byte[] out = new byte[MAX_RESPONSE];
        DwordByReference returned = new DwordByReference();
        long rc = backend.checkedIo(lib.SCardControl(card, new Dword(controlCode & 0xFFFFFFFFL), command,
                new Dword(command.length), out, new Dword(out.length), returned));
        backend.check("control", rc);
        return Arrays.copyOf(out, (int) returned.getValue());
    }

    @Override
    public void disconnect(Disposition disposition) throws PcscException {
        if (!open) {
            return;
        }
        open = false;
        long how = switch (disposition) {
            case LEAVE -> Winscard.SCARD_LEAVE_CARD;
            case RESET -> Winscard.SCARD_RESET_CARD;
            case UNPOWER -> Winscard.SCARD_UNPOWER_CARD;
        };
        backend.check("disconnect", backend.checkedIo(lib.SCardDisconnect(card, new Dword(how))));
    }

    @Override
    public void close() {
        try {
            disconnect(Disposition.LEAVE);
        } catch (PcscException e) {
            // the card or the service is gone; nothing left to release
        }
    }
}
