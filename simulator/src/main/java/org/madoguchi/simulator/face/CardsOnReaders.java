package org.madoguchi.simulator.face;

import java.util.Optional;

import org.madoguchi.simulator.card.Profile;

/** What the face stand-ins need to know of the simulated readers. */
public interface CardsOnReaders {
    /** Whether the reader exists. */
    boolean hasReader(String reader);

    /** The profile of the card on the reader now, if any. */
    Optional<Profile> profileOn(String reader);
}
