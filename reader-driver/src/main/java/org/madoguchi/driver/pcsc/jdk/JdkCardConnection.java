package org.madoguchi.driver.pcsc.jdk;

import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;

import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.Disposition;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.TornAnswers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A card connection through javax.smartcardio. Limits: no UNPOWER disposition (the JDK offers only
 * leave or reset, so UNPOWER resets), GET RESPONSE on {@code 61xx} is done by the JDK itself.
 */
final class JdkCardConnection implements CardConnection {
    private static final Logger log = LoggerFactory.getLogger(JdkCardConnection.class);

    private final CardTerminal terminal;
    private final Card card;
    private final boolean exclusive;
    private boolean open = true;

    JdkCardConnection(CardTerminal terminal, Card card, boolean exclusive) {
        this.terminal = terminal;
        this.card = card;
        this.exclusive = exclusive;
    }

    @Override
    public String reader() {
        return terminal.getName();
    }

    @Override
    public byte[] atr() {
        return card.getATR().getBytes();
    }

    @Override
    public String protocol() {
        return card.getProtocol();
    }

    @Override
    public byte[] transceive(byte[] command) throws PcscException {
        CommandAPDU apdu = new CommandAPDU(command); // IllegalArgumentException: the caller's bug
        try {
            return card.getBasicChannel().transmit(apdu).getBytes();
        } catch (CardException e) {
            throw JdkErrors.map("transmit", e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Disconnected, or a torn answer of zero bytes when the card left mid-APDU.
            throw JdkErrors.gone("transmit", e, !TornAnswers.cardLeft(() -> !cardPresent()));
        }
    }

    @Override
    public void beginTransaction() throws PcscException {
        try {
            card.beginExclusive();
        } catch (CardException e) {
            throw JdkErrors.map("beginExclusive", e);
        } catch (IllegalStateException e) {
            throw JdkErrors.gone("beginExclusive", e, cardPresent());
        }
    }

    @Override
    public void endTransaction() throws PcscException {
        try {
            card.endExclusive();
        } catch (CardException e) {
            throw JdkErrors.map("endExclusive", e);
        } catch (IllegalStateException e) {
            throw JdkErrors.gone("endExclusive", e, cardPresent());
        }
    }

    @Override
    public byte[] control(int controlCode, byte[] command) throws PcscException {
        try {
            return card.transmitControlCommand(controlCode, command);
        } catch (CardException e) {
            throw JdkErrors.map("control", e);
        } catch (IllegalStateException e) {
            throw JdkErrors.gone("control", e, cardPresent());
        }
    }

    @Override
    public void disconnect(Disposition disposition) throws PcscException {
        if (!open) {
            return;
        }
        open = false;
        try {
            if (exclusive) {
                try {
                    card.endExclusive();
                } catch (CardException | IllegalStateException e) {
                    log.debug("endExclusive on disconnect: {}", e.getMessage());
                }
            }
            card.disconnect(disposition != Disposition.LEAVE);
        } catch (CardException e) {
            throw JdkErrors.map("disconnect", e);
        } catch (IllegalStateException e) {
            // Already gone: nothing left to release.
            log.debug("disconnect of a card already gone: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            disconnect(Disposition.LEAVE);
        } catch (PcscException e) {
            log.debug("close: {}", e.error().code());
        }
    }

    private boolean cardPresent() {
        try {
            return terminal.isCardPresent();
        } catch (CardException | RuntimeException e) {
            return false;
        }
    }
}
