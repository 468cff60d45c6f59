package org.madoguchi.driver.card;

import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.PcscException;

/** An exclusive card transaction: nobody else talks to the card between begin and end. */
public interface Exclusive {
    void begin() throws PcscException;

    void end() throws PcscException;

    /** For transports with no other client (tests, in-process cards). */
    Exclusive NONE = new Exclusive() {
        @Override
        public void begin() {
        }

        @Override
        public void end() {
        }
    };

    static Exclusive of(CardConnection connection) {
        return new Exclusive() {
            @Override
            public void begin() throws PcscException {
                connection.beginTransaction();
            }

            @Override
            public void end() throws PcscException {
                connection.endTransaction();
            }
        };
    }
}
