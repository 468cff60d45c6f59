package org.madoguchi.simulator.timeline;

import java.util.Map;
import java.util.TreeMap;

import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.state.CardStore;
import org.madoguchi.simulator.vpcd.VpcdCard;

/** Timeline slots as vpcd readers: slot N is {@code Virtual PCD 00 0N} at port base + N. */
public final class VpcdSlots implements CardSlots {
    private final String host;
    private final int basePort;
    private final CardStore store;
    private final Map<Integer, VpcdCard> cards = new TreeMap<>();

    public VpcdSlots(String host, int basePort, CardStore store) {
        this.host = host;
        this.basePort = basePort;
        this.store = store;
    }

    @Override
    public synchronized void insert(int slot, String profile) throws Exception {
        var p = Profiles.get(profile);
        VpcdCard vpcd = cards.computeIfAbsent(slot, s -> {
            VpcdCard c = new VpcdCard(host, basePort + s);
            c.start();
            return c;
        });
        vpcd.insert(p.newCard(store.state(p)));
    }

    @Override
    public synchronized void remove(int slot) {
        VpcdCard vpcd = cards.get(slot);
        if (vpcd != null) {
            vpcd.remove();
        }
    }

    @Override
    public synchronized void close() {
        cards.values().forEach(VpcdCard::stop);
        cards.clear();
    }
}
