package org.madoguchi.daemon.protocol;

import java.util.Optional;

/** The client → daemon message types this daemon understands, with their wire names. */
public enum MessageType {
    HELLO("hello", false),
    PING("ping", false),
    CHOOSE_MODE("chooseMode", false),
    SUBMIT_PIN("submitPin", false),
    CONFIRM_LAST_TRY("confirmLastTry", false),
    FACE_CAPTURE("faceCapture", false),
    SUBMIT_CARD_CODE("submitCardCode", false),
    CARD_FRONT_CAPTURE("cardFrontCapture", false),
    RETRY_FACE("retryFace", false),
    REQUEST_VISUAL("requestVisual", false),
    CONFIRM_VISUAL("confirmVisual", false),
    CANCEL("cancel", false),
    SUBMIT_CONSENT("submitConsent", false),
    HISTORY("history", false),
    RECORD_DOCUMENT("recordDocument", false),
    SIM_INSERT("sim.insert", true),
    SIM_REMOVE("sim.remove", true),
    SIM_FACE("sim.face", true),
    SIM_FAULT("sim.fault", true);

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

    /**
     * The largest message of this type, in bytes of UTF-8: a face capture, a photograph of the card front
     * (and a {@code sim.insert} with a photo) may be larger than a command.
     */
    public int maxBytes() {
        return this == FACE_CAPTURE || this == CARD_FRONT_CAPTURE || this == SIM_INSERT ? MessageCodec.MAX_FACE_MESSAGE
                : MessageCodec.MAX_COMMAND_MESSAGE;
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
