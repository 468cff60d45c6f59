package org.madoguchi.driver.pcsc;

/** How a connection shares the card with other PC/SC clients. */
public enum ShareMode {
    SHARED,
    EXCLUSIVE
}
