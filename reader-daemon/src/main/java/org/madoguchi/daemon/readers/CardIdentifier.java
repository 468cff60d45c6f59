package org.madoguchi.daemon.readers;

import java.util.Locale;

import org.madoguchi.daemon.readers.ReaderStatus.CardStatus;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.card.CardException;
import org.madoguchi.driver.card.CardIdentity;
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
 * Tells what card is in a reader: connect (shared), identify, disconnect. Runs on the reader's
 * worker thread. A failure gives {@link CardKind#UNREADABLE}; only the error code or status word is
 * logged, never card bytes.
 */
final class CardIdentifier {
    private static final Logger log = LoggerFactory.getLogger(CardIdentifier.class);

    private final ReaderBackend backend;
    private final CardLayout layout;

    CardIdentifier(ReaderBackend backend, CardLayout layout) {
        this.backend = backend;
        this.layout = layout;
    }

    CardStatus identify(String reader, String atrHex) {
        String atr = atrHex.toUpperCase(Locale.ROOT);
        try (CardConnection connection = backend.connect(reader, ShareMode.SHARED)) {
            // The connection's ATR belongs to the card actually identified, even if the card was
            // swapped since the monitor looked (or the back-end could not tell the ATR then).
            byte[] connected = connection.atr();
            if (connected != null && connected.length > 0) {
                atr = Hex.of(connected);
            }
            CardIdentity identity = new MyNumberCard(connection, layout).identify();
            connection.disconnect(Disposition.LEAVE);
            log.info("reader '{}': card identified as {}", reader, identity.kind().code());
            return new CardStatus(CardKind.of(identity.kind()), atr);
        } catch (PcscException e) {
            log.warn("reader '{}': card not identified: PC/SC error {}", reader, e.error().code());
        } catch (CardException e) {
            log.warn("reader '{}': card not identified: card answered SW {}", reader,
                    e.sw() < 0 ? "(malformed)" : String.format("%04X", e.sw()));
        } catch (RuntimeException e) {
            log.error("reader '{}': card not identified: unexpected {}", reader, e.getClass().getName(), e);
        }
        return new CardStatus(CardKind.UNREADABLE, atr);
    }
}
