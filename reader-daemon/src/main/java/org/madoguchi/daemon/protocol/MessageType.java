package org.madoguchi.daemon.protocol;

import java.util.Optional;

/** The client → daemon message types this daemon understands, with their wire names. */
public enum MessageType {
    HELLO("hello", false),
    PING("ping", false),
    SIM_INSERT("sim.insert", true),
    SIM_REMOVE("sim.remove", true);

    private final String wireName;
    private final boolean simulationOnly;

    MessageType(String wireName, boolean simulationOnly) {
        this.wireName = wireName;
        this.simulationOnly = simulationOnly;
    }

    public String wireName() {
        return wireName;
    }

    /** Allowed only when the daemon runs with {@code --simulate}. */
    public boolean simulationOnly() {
        return simulationOnly;
    }

    public static Optional<MessageType> of(String wireName) {
        for (MessageType t : values()) {
            if (t.wireName.equals(wireName)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
