package org.madoguchi.daemon.protocol;

import java.util.List;

/**
 * The protocol levels this daemon speaks (docs/protocol-changelog.md). A client names the level it
 * speaks in {@code hello.protocol} (1 when it names none); a level not listed here is refused with
 * {@code unsupported_protocol}, and the error lists {@link #SPOKEN}.
 */
public final class ProtocolLevel {
    /** The level of every connection of this daemon: {@code welcome.protocol}. */
    public static final int CURRENT = 1;
    /** Every level a client may ask for, in {@code hello.protocol}. */
    public static final List<Integer> SPOKEN = List.of(CURRENT);

    private ProtocolLevel() {
    }
}
