package org.madoguchi.driver.pcsc;

import org.madoguchi.driver.apdu.ApduTransport;

/**
 * One open connection to the card in one reader. Not thread-safe: one thread (the reader's worker)
 * owns a connection for its whole life.
 */
public interface CardConnection extends ApduTransport, AutoCloseable {

    /** The reader this connection belongs to. */
    String reader();

    /** The card's answer to reset as seen at connect time. */
    byte[] atr();

    /** The negotiated protocol: {@code T=0}, {@code T=1} or {@code T=CL}. */
    String protocol();

    /** Sends one command APDU and returns the whole response APDU (data followed by SW1 SW2). */
    @Override
    byte[] transceive(byte[] command) throws PcscException;

    /** Starts an exclusive transaction: no other PC/SC client may talk to the card until it ends. */
    void beginTransaction() throws PcscException;

    /** Ends the transaction started by {@link #beginTransaction()}. */
    void endTransaction() throws PcscException;

    /** A reader control command ({@code SCardControl}), e.g. for PC/SC part 10 features. */
    byte[] control(int controlCode, byte[] command) throws PcscException;

    /** Ends the connection with the given disposition. Calling it twice does nothing. */
    void disconnect(Disposition disposition) throws PcscException;

    /** Ends the connection, leaving the card as it is; never throws. */
    @Override
    void close();
}
