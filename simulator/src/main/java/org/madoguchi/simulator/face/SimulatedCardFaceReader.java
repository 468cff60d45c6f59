package org.madoguchi.simulator.face;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.madoguchi.driver.face.CardFaceReader;
import org.madoguchi.driver.face.FaceUnavailableException;
import org.madoguchi.simulator.card.Person;
import org.madoguchi.simulator.card.Profile;

/**
 * The OCR of the card face, simulated: gives the 照合番号B printed on the card of the profile on the
 * reader, or, when steered, a wrong one (an OCR misread: the security code off by one) or none (the
 * face could not be read). Tokens without a card face (phones, 住基カード, other cards) and empty
 * readers give {@link FaceUnavailableException}. Never 照合番号A. Thread-safe.
 */
public final class SimulatedCardFaceReader implements CardFaceReader {

    /** What the simulated OCR reads. */
    public enum Reading {
        /** The printed 照合番号B. */
        CORRECT,
        /** A misread: 14 digits that the card rejects. */
        WRONG,
        /** Nothing legible: {@link FaceUnavailableException}. */
        UNREADABLE
    }

    private final CardsOnReaders readers;
    private final Map<String, Reading> steered = new ConcurrentHashMap<>();

    public SimulatedCardFaceReader(CardsOnReaders readers) {
        this.readers = Objects.requireNonNull(readers);
    }

    /** What the OCR on {@code reader} reads from now on (until cleared). */
    public void steer(String reader, Reading reading) {
        steered.put(reader, Objects.requireNonNull(reading));
    }

    public void clear(String reader) {
        steered.remove(reader);
    }

    public Reading reading(String reader) {
        return steered.getOrDefault(reader, Reading.CORRECT);
    }

    @Override
    public char[] readVerificationCodeB(String reader) throws FaceUnavailableException {
        if (reader == null || !readers.hasReader(reader)) {
            throw new FaceUnavailableException("no simulated reader named " + reader);
        }
        Profile profile = readers.profileOn(reader)
                .orElseThrow(() -> new FaceUnavailableException("no card on " + reader));
        Person person = profile.cardFace()
                .orElseThrow(() -> new FaceUnavailableException("the " + profile.name() + " token has no card face"));
        return switch (reading(reader)) {
            case CORRECT -> person.verificationCodeB().toCharArray();
            case WRONG -> misread(person.verificationCodeB());
            case UNREADABLE -> throw new FaceUnavailableException("the card face could not be read");
        };
    }

    /** The same 14 digits with the security code (the last four) one higher. */
    static char[] misread(String code) {
        int security = Integer.parseInt(code.substring(10));
        return (code.substring(0, 10) + String.format("%04d", (security + 1) % 10_000)).toCharArray();
    }
}
