package org.madoguchi.driver.card;

/**
 * A PIN (or 照合番号) was not of the required shape. The message never contains the input: it
 * says only what shape was expected.
 */
public class InvalidPinFormatException extends Exception {
    public InvalidPinFormatException(String expected) {
        super("expected " + expected);
    }
}
