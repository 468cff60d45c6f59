package org.madoguchi.simulator.card;

import java.util.Objects;
import java.util.Optional;

import org.madoguchi.driver.spi.Simulation;

/**
 * A named simulated card: {@code default}, {@code pin-blocked}, {@code iphone}, …. One card per
 * name: every insertion of a profile is the same card (the same keys and certificates, and, through
 * a {@link org.madoguchi.simulator.state.CardStore}, the same counters).
 *
 * @param name        the stable name used by the CLI and {@code sim.insert}
 * @param description one line, Japanese then English
 * @param recipe      what the card is
 */
public record Profile(String name, String description, CardRecipe recipe) {

    public Profile {
        Objects.requireNonNull(name);
        Objects.requireNonNull(description);
        Objects.requireNonNull(recipe);
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("profile names are lower-case words joined by '-': " + name);
        }
    }

    /** A new card of this profile with fresh counters (as issued), unpowered. */
    public MyNumberCardSim newCard() {
        return newCard(initialState());
    }

    /** A new card of this profile on the given state (a card taken out and put back in). */
    public MyNumberCardSim newCard(CardState state) {
        return CardFactory.system().newCard(this, state);
    }

    /** A card of this profile on the given state, with a real photo ({@link CardPhotos#toCardJp2}). */
    public MyNumberCardSim newCard(CardState state, byte[] photoJp2) {
        return CardFactory.system().newCard(this, state, photoJp2);
    }

    /** The counters and secrets as issued. */
    public CardState initialState() {
        return CardFactory.initialState(this);
    }

    /** The holder printed on the card face, if the token has one. */
    public Optional<Person> cardFace() {
        return recipe.kind() == CardRecipe.Kind.PHYSICAL ? recipe.person() : Optional.empty();
    }

    public Simulation.ProfileInfo info() {
        return new Simulation.ProfileInfo(name, description);
    }
}
