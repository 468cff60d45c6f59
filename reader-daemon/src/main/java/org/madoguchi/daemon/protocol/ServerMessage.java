package org.madoguchi.daemon.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import org.madoguchi.daemon.session.Text;

/** A daemon → client message; serialized by {@link MessageCodec#encode}. */
public sealed interface ServerMessage {

    /** The wire name in the {@code type} field. */
    @JsonProperty("type")
    String type();

    /** The answer to {@code hello}: protocol version, the client's role, and every reader's state. */
    @JsonPropertyOrder({"type", "protocol", "role", "version", "readers", "service"})
    record Welcome(int protocol, String role, String version, List<ReaderMessage> readers,
            @JsonInclude(JsonInclude.Include.NON_NULL) ServiceInfo service) implements ServerMessage {
        public Welcome {
            readers = List.copyOf(readers);
        }

        public Welcome(int protocol, String role, String version, List<ReaderMessage> readers) {
            this(protocol, role, version, readers, null);
        }

        @Override
        public String type() {
            return "welcome";
        }
    }

    /** The PC/SC service and the audit file, as {@code welcome} and {@code service} carry them. */
    @JsonPropertyOrder({"pcsc", "audit"})
    record ServiceInfo(String pcsc, String audit) {
    }

    /** A reader's whole state; sent on every change and listed in {@link Welcome}. */
    @JsonPropertyOrder({"type", "reader", "attached", "card"})
    record ReaderMessage(String reader, boolean attached, CardInfo card) implements ServerMessage {
        @Override
        public String type() {
            return "reader";
        }
    }

    /** The card in a reader: its kind (wire name), ATR (upper-case hex) and auth PIN once read. */
    @JsonPropertyOrder({"kind", "atr", "pin"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CardInfo(String kind, String atr, PinInfo pin) {
        public CardInfo(String kind, String atr) {
            this(kind, atr, null);
        }
    }

    /**
     * The auth PIN: {@code retriesLeft} is null when the card cannot say; {@code lastTryConfirmed}
     * appears only in sessions at one try left.
     */
    @JsonPropertyOrder({"retriesLeft", "max", "blocked", "usable", "lastTryConfirmed"})
    record PinInfo(@JsonInclude(JsonInclude.Include.ALWAYS) Integer retriesLeft, int max, boolean blocked,
            boolean usable, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean lastTryConfirmed) {
    }

    /** A live verification session's whole state; sent on every change and after {@code welcome}. */
    @JsonPropertyOrder({"type", "session", "reader", "state", "allowedModes", "mode", "pin", "face", "cardCode",
        "notice", "message", "step", "consent", "startedAt"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SessionMessage(String session, String reader, String state, List<String> allowedModes, String mode,
            PinInfo pin, FaceInfo face, CardCodeInfo cardCode, String notice, Text message, String step,
            ConsentAsk consent, String cardAwayUntil, String startedAt)
            implements ServerMessage {
        @Override
        public String type() {
            return "session";
        }
    }

    /** In state {@code consent}: the items the patient is asked about, in order. */
    record ConsentAsk(List<String> items) {
        public ConsentAsk {
            items = List.copyOf(items);
        }
    }

    /**
     * In state {@code card_code_entry} (and while a code read off the card front is used): the card's tries
     * left for 照合番号B (null when not known), whether the kiosk photographs the card front now, what the
     * card-front OCR read (masked), and why the last photograph was not read.
     */
    @JsonPropertyOrder({"retriesLeft", "camera", "read", "refusal"})
    record CardCodeInfo(@JsonInclude(JsonInclude.Include.ALWAYS) Integer retriesLeft, boolean camera,
            @JsonInclude(JsonInclude.Include.NON_NULL) Text read,
            @JsonInclude(JsonInclude.Include.NON_NULL) String refusal) {
    }

    /** Face attempts so far and how many are allowed. */
    @JsonPropertyOrder({"attempts", "maxAttempts"})
    record FaceInfo(int attempts, int maxAttempts) {
    }

    /** How a session ended; the last message about it. */
    @JsonPropertyOrder({"type", "session", "reader", "outcome", "method", "reason", "message", "notice", "certificate",
        "challenge", "signature", "face", "staff", "note", "document", "consent", "startedAt", "finishedAt"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ResultMessage(String session, String reader, String outcome, String method, String reason,
            Text message, String notice, CertificateJson certificate, String challenge, String signature, FaceResult face,
            String staff, String note, String document, java.util.Map<String, Boolean> consent, String startedAt,
            String finishedAt) implements ServerMessage {
        @Override
        public String type() {
            return "result";
        }
    }

    /** The auth certificate: DER in base64 and what the daemon found. */
    @JsonPropertyOrder({"der", "serialNumber", "issuer", "subject", "notBefore", "notAfter", "chain", "renewal"})
    record CertificateJson(String der, String serialNumber, String issuer, String subject, String notBefore,
            String notAfter, String chain, String renewal) {
    }

    /**
     * Face mode: the distance between the card's face and the live face (3 decimals), the threshold
     * it was held against ({@code face.threshold}) and the liveness verdict ({@code live}, or
     * {@code not_checked} with {@code face.liveness: off}). Nothing biometric.
     */
    @JsonPropertyOrder({"distance", "threshold", "liveness"})
    record FaceResult(double distance, double threshold, String liveness) {
    }

    /** Whether the PC/SC service answers and audit records are written; after {@code welcome} and on change. */
    @JsonPropertyOrder({"type", "pcsc", "audit"})
    record ServiceMessage(String pcsc, String audit) implements ServerMessage {
        public ServiceInfo info() {
            return new ServiceInfo(pcsc, audit);
        }

        @Override
        public String type() {
            return "service";
        }
    }

    /** A command with this {@code id} was carried out. */
    @JsonPropertyOrder({"type", "id"})
    record Reply(String id) implements ServerMessage {
        @Override
        public String type() {
            return "reply";
        }
    }

    /**
     * The answer to {@code history}: today's finished sessions, newest first; {@code audit} is
     * {@code off} when there is no audit file (then {@code entries} is empty).
     */
    @JsonPropertyOrder({"type", "id", "audit", "entries"})
    record HistoryReply(String id, String audit, List<HistoryEntry> entries) implements ServerMessage {
        public HistoryReply {
            entries = List.copyOf(entries);
        }

        @Override
        public String type() {
            return "reply";
        }
    }

    /** One finished session in a {@link HistoryReply}: no note, no certificate, nothing about the patient. */
    @JsonPropertyOrder({"time", "reader", "session", "outcome", "method", "reason", "document", "staff", "consent"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record HistoryEntry(String time, String reader, String session, String outcome, String method, String reason,
            String document, String staff, java.util.Map<String, Boolean> consent) {
    }

    /**
     * A message was refused; {@code id} is the command's id when it had a usable one. An
     * {@code unsupported_protocol} error lists the protocol levels this daemon speaks in {@code protocols}.
     */
    @JsonPropertyOrder({"type", "id", "code", "message", "protocols"})
    record ErrorMessage(@JsonInclude(JsonInclude.Include.NON_NULL) String id, ErrorCode code, Text message,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> protocols) implements ServerMessage {
        public ErrorMessage(String id, ErrorCode code, Text message) {
            this(id, code, message, code == ErrorCode.UNSUPPORTED_PROTOCOL ? ProtocolLevel.SPOKEN : null);
        }

        @Override
        public String type() {
            return "error";
        }
    }
}
