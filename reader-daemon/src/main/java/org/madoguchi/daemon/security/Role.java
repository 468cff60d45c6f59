package org.madoguchi.daemon.security;

import static org.madoguchi.daemon.protocol.MessageType.CANCEL;
import static org.madoguchi.daemon.protocol.MessageType.CHOOSE_MODE;
import static org.madoguchi.daemon.protocol.MessageType.CONFIRM_LAST_TRY;
import static org.madoguchi.daemon.protocol.MessageType.CONFIRM_VISUAL;
import static org.madoguchi.daemon.protocol.MessageType.CARD_FRONT_CAPTURE;
import static org.madoguchi.daemon.protocol.MessageType.FACE_CAPTURE;
import static org.madoguchi.daemon.protocol.MessageType.HELLO;
import static org.madoguchi.daemon.protocol.MessageType.HISTORY;
import static org.madoguchi.daemon.protocol.MessageType.RECORD_DOCUMENT;
import static org.madoguchi.daemon.protocol.MessageType.SUBMIT_CARD_CODE;
import static org.madoguchi.daemon.protocol.MessageType.SUBMIT_CONSENT;
import static org.madoguchi.daemon.protocol.MessageType.PING;
import static org.madoguchi.daemon.protocol.MessageType.REQUEST_VISUAL;
import static org.madoguchi.daemon.protocol.MessageType.RETRY_FACE;
import static org.madoguchi.daemon.protocol.MessageType.SUBMIT_PIN;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.madoguchi.daemon.protocol.MessageType;

/**
 * Who a client is allowed to be. Every command is checked against the role; a refused command gets
 * {@code forbidden} and changes nothing (docs/protocol.md, "Roles").
 */
public enum Role {
    /** Events only. What a client without a valid token gets. */
    OBSERVER("observer", EnumSet.of(HELLO, PING)),
    /**
     * The patient side: choose a mode, enter the PIN, face capture, confirm the last try, consent;
     * and 照合番号B (the kiosk page leaves it to staff, a clinic's own kiosk may take it).
     */
    KIOSK("kiosk", EnumSet.of(HELLO, PING, CHOOSE_MODE, SUBMIT_PIN, CONFIRM_LAST_TRY, FACE_CAPTURE, RETRY_FACE,
            SUBMIT_CARD_CODE, CARD_FRONT_CAPTURE, SUBMIT_CONSENT)),
    /** Everything a kiosk can, plus 目視確認, cancel, today's history and document proofs. */
    STAFF("staff", EnumSet.of(HELLO, PING, CHOOSE_MODE, SUBMIT_PIN, CONFIRM_LAST_TRY, FACE_CAPTURE, RETRY_FACE,
            SUBMIT_CARD_CODE, CARD_FRONT_CAPTURE, REQUEST_VISUAL, CONFIRM_VISUAL, CANCEL, SUBMIT_CONSENT, HISTORY, RECORD_DOCUMENT));

    private final String code;
    private final Set<MessageType> commands;

    Role(String code, Set<MessageType> commands) {
        this.code = code;
        this.commands = commands;
    }

    public String code() {
        return code;
    }

    /** The commands this role may send, simulator commands aside. */
    public Set<MessageType> commands() {
        return EnumSet.copyOf(commands);
    }

    /**
     * Whether this role may send a command of this type. Simulator commands are not a question of
     * role: they depend on {@code --simulate} alone, which the caller checks.
     */
    public boolean allows(MessageType type) {
        return type.simulationOnly() || commands.contains(type);
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
