package org.madoguchi.daemon.web;

import org.madoguchi.daemon.protocol.ServerMessage;
import org.madoguchi.daemon.readers.ReaderStatus;

/** Maps the daemon's state records to protocol messages. */
final class Wire {
    private Wire() {
    }

    static ServerMessage.ReaderMessage reader(ReaderStatus status) {
        ServerMessage.CardInfo card = status.card()
                .map(c -> new ServerMessage.CardInfo(c.kind().code(), c.atrHex()))
                .orElse(null);
        return new ServerMessage.ReaderMessage(status.reader(), status.attached(), card);
    }
}
