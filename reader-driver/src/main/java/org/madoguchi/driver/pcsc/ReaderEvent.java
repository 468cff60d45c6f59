package org.madoguchi.driver.pcsc;

/** A change the {@link ReaderMonitor} saw. */
public sealed interface ReaderEvent {
    String reader();

    /** A reader appeared (it may already hold a card: a {@link CardInserted} follows). */
    record ReaderAttached(String reader) implements ReaderEvent {
    }

    /**
     * A reader went away. When it is unplugged, a {@link CardRemoved} precedes this if it held a
     * card; when the PC/SC service stopped ({@code serviceLost}), nothing precedes it: whether a
     * card is still on the reader is unknown.
     */
    record ReaderDetached(String reader, boolean serviceLost) implements ReaderEvent {
        public ReaderDetached(String reader) {
            this(reader, false);
        }
    }

    /**
     * The PC/SC service stopped (every reader is then reported detached) or is back (its readers
     * are then reported attached). Not about one reader: {@link #reader()} is empty.
     */
    record ServiceChanged(boolean available) implements ReaderEvent {
        @Override
        public String reader() {
            return "";
        }
    }

    /** A card was placed in or on a reader. */
    record CardInserted(String reader, String atrHex) implements ReaderEvent {
    }

    /** The card left the reader. */
    record CardRemoved(String reader) implements ReaderEvent {
    }
}
