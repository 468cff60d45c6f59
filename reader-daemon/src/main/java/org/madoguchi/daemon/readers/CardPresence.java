package org.madoguchi.daemon.readers;

import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import org.madoguchi.daemon.session.CertificateInfo;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.Disposition;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pcsc.ShareMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One card presence as the worker holds it: the connection, the driver's card object over it
 * ({@link MyNumberCard#over}), and what was read once (the certificate, the photo). Owned by the
 * worker thread; the photo never leaves it.
 */
final class CardPresence {
    private static final Logger log = LoggerFactory.getLogger(CardPresence.class);

    private final long id;
    private final String reader;
    private final ReaderBackend backend;
    private final CardLayout layout;
    private final LongAdder apdus;
    private CardConnection connection;
    private MyNumberCard card;
    private Optional<CertificateInfo> certificate = Optional.empty();
    private byte[] photo;

    private CardPresence(long id, String reader, ReaderBackend backend, CardLayout layout, LongAdder apdus) {
        this.id = id;
        this.reader = reader;
        this.backend = backend;
        this.layout = layout;
        this.apdus = apdus;
    }

    static CardPresence open(long id, String reader, ReaderBackend backend, CardLayout layout, LongAdder apdus)
            throws PcscException {
        CardPresence p = new CardPresence(id, reader, backend, layout, apdus);
        p.connect();
        return p;
    }

    private void connect() throws PcscException {
        connection = backend.connect(reader, ShareMode.SHARED);
        card = MyNumberCard.over(connection, layout, apdus);
    }

    /** A new connection (after the link dropped); what was read is kept. */
    void reconnect() throws PcscException {
        connection.close();
        connect();
    }

    long id() {
        return id;
    }

    byte[] atr() {
        byte[] atr = connection.atr();
        return atr == null ? new byte[0] : atr;
    }

    CardLayout layout() {
        return layout;
    }

    MyNumberCard card() {
        return card;
    }

    Optional<CertificateInfo> certificate() {
        return certificate;
    }

    void certificate(Optional<CertificateInfo> c) {
        certificate = c;
    }

    Optional<byte[]> photo() {
        return Optional.ofNullable(photo);
    }

    void photo(byte[] jp2) {
        photo = jp2.clone();
    }

    void close(Disposition disposition) {
        photo = null;
        try {
            connection.disconnect(disposition);
        } catch (PcscException e) {
            log.debug("reader '{}': disconnect: {}", reader, e.error().code());
        } finally {
            connection.close();
        }
    }
}
