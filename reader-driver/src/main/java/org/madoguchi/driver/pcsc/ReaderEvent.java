package org.madoguchi.driver.pcsc;

/** A change the {@link ReaderMonitor} saw. */
public sealed interface ReaderEvent {
    String reader();

    /** A reader appeared (it may already hold a card: a {@link CardInserted} follows). */
    record ReaderAttached(String reader) implements ReaderEvent {
    }

    /** A reader went away (a {@link CardRemoved} precedes it when it held a card). */
    record ReaderDetached(String reader) implements ReaderEvent {
    }

    /** A card was placed in or on a reader. */
    record CardInserted(String reader, String atrHex) implements ReaderEvent {
    }

    /** The card left the reader. */
    record CardRemoved(String reader) implements ReaderEvent {
    }
}
