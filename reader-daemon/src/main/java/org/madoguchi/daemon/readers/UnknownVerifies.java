package org.madoguchi.daemon.readers;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cards that went away during a VERIFY whose outcome is unknown, remembered by their certificate's
 * serial number for a while, so that the card's next session can say why it may show one try
 * fewer. Bounded in size and time; kept in memory only. Not thread-safe (the hub's lock guards it).
 */
final class UnknownVerifies {
    static final int MAX = 256;
    static final Duration KEEP = Duration.ofHours(12);

    private final Map<String, Instant> cards = new LinkedHashMap<>();

    void remember(String serial, Instant at) {
        cards.remove(serial);
        cards.put(serial, at);
        if (cards.size() > MAX) {
            Iterator<String> oldest = cards.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Whether this card had a VERIFY with an unknown outcome lately; forgets it either way. */
    boolean takeRecent(String serial, Instant now) {
        Instant at = cards.remove(serial);
        return at != null && Duration.between(at, now).compareTo(KEEP) <= 0;
    }
}
