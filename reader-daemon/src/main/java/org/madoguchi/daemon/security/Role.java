package org.madoguchi.daemon.security;

import java.util.Optional;
import java.util.Set;

/**
 * Who a client is allowed to be (design §4 Security). Every command is checked against the role;
 * a refused command gets {@code forbidden} and changes nothing.
 */
public enum Role {
    /** Events only. What a client without a valid token gets. */
    OBSERVER("observer", Set.of("hello", "ping")),
    /** The patient side: choose a mode, enter the PIN, face capture, confirm the last try. */
    KIOSK("kiosk", Set.of("hello", "ping", "chooseMode", "submitPin", "confirmLastTry", "faceCapture", "retryFace")),
    /** Everything a kiosk can, plus 目視確認 and cancel. */
    STAFF("staff", Set.of("hello", "ping", "chooseMode", "submitPin", "confirmLastTry", "faceCapture", "retryFace",
            "requestVisual", "confirmVisual", "cancel"));

    private final String code;
    private final Set<String> commands;

    Role(String code, Set<String> commands) {
        this.code = code;
        this.commands = commands;
    }

    public String code() {
        return code;
    }

    /**
     * Whether this role may send the command with this wire name. Simulator commands
     * ({@code sim.*}) are not a question of role: they depend on {@code --simulate} alone.
     */
    public boolean allows(String commandType) {
        return commandType.startsWith("sim.") || commands.contains(commandType);
    }

    public static Optional<Role> of(String code) {
        for (Role r : values()) {
            if (r.code.equals(code)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
