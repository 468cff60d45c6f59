package org.madoguchi.simulator.card;

/**
 * Thrown by {@link VirtualCard#process} when an injected fault makes the card leave the field in
 * the middle of a command: the reader must treat the card as removed (in-process:
 * {@code CARD_REMOVED}; vpcd: the socket is closed). The card is already powered off.
 */
public final class LinkDroppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LinkDroppedException(String message) {
        super(message);
    }
}
