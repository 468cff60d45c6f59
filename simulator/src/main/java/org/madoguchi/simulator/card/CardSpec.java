package org.madoguchi.simulator.card;

import java.util.List;
import java.util.Optional;

import org.madoguchi.driver.apdu.Hex;

/**
 * The fixed part of a simulated card: its ATR, its applications and files, and its behaviour
 * switches. What changes while the card is used lives in {@link CardState} (persistent) and in the
 * session state of {@link MyNumberCardSim} (lost at power-off).
 *
 * @param atr          the answer to reset
 * @param applications the DFs, each selected by its full AID
 * @param behaviour    see {@link CardBehaviour}
 */
public record CardSpec(byte[] atr, List<DedicatedFile> applications, CardBehaviour behaviour) {

    public CardSpec {
        atr = atr.clone();
        applications = List.copyOf(applications);
    }

    @Override
    public byte[] atr() {
        return atr.clone();
    }

    public Optional<DedicatedFile> application(byte[] aid) {
        return applications.stream().filter(d -> d.hasAid(aid)).findFirst();
    }

    @Override
    public String toString() {
        return "CardSpec[atr=" + Hex.of(atr) + ", " + applications + "]";
    }
}
