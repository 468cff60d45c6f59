package org.madoguchi.daemon.protocol;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.madoguchi.daemon.session.ConsentItem;
import org.madoguchi.daemon.session.DocumentKind;
import org.madoguchi.daemon.session.Mode;
import org.madoguchi.driver.card.InvalidPinFormatException;
import org.madoguchi.driver.card.Secret;
import org.madoguchi.driver.spi.Simulation;

/**
 * Checks the fields of each client message type (docs/protocol.md gives each a JSON Schema) and
 * builds the {@link ClientMessage}. Error texts name the field and the rule, never the value.
 */
final class CommandDecoder {
    static final int MAX_ID = 64;
    static final int MAX_CLIENT = 128;
    static final int MAX_TOKEN = 512;
    static final int MAX_READER = 256;
    static final int MAX_PROFILE = 64;
    static final int MAX_SESSION = 64;
    static final int MAX_STAFF = 64;
    static final int MAX_NOTE = 500;
    /** Largest client challenge, decoded. */
    static final int MAX_CHALLENGE = 64;

    ClientMessage decode(MessageType type, Envelope envelope) throws ProtocolException {
        ObjectNode b = envelope.body();
        return switch (type) {
            case HELLO -> new ClientMessage.Hello(optionalString(b, "token", MAX_TOKEN),
                    requiredString(b, "client", MAX_CLIENT), protocolLevel(b));
            case PING -> new ClientMessage.Ping(id(b));
            case CHOOSE_MODE -> new ClientMessage.ChooseMode(id(b), session(b), mode(b));
            case SUBMIT_PIN -> submitPin(b, envelope);
            case CONFIRM_LAST_TRY -> new ClientMessage.ConfirmLastTry(id(b), session(b));
            case FACE_CAPTURE -> new ClientMessage.FaceCapture(id(b), session(b), FaceFrames.of(b));
            case SUBMIT_CARD_CODE -> submitCardCode(b, envelope);
            case CARD_FRONT_CAPTURE -> new ClientMessage.CardFrontCapture(id(b), session(b), FaceFrames.cardFront(b));
            case RETRY_FACE -> new ClientMessage.RetryFace(id(b), session(b));
            case REQUEST_VISUAL -> new ClientMessage.RequestVisual(id(b), session(b));
            case CONFIRM_VISUAL -> new ClientMessage.ConfirmVisual(id(b), session(b),
                    requiredString(b, "staff", MAX_STAFF), optionalString(b, "note", MAX_NOTE));
            case CANCEL -> new ClientMessage.Cancel(id(b), session(b));
            case SUBMIT_CONSENT -> new ClientMessage.SubmitConsent(id(b), session(b), answers(b));
            case HISTORY -> new ClientMessage.History(id(b));
            case RECORD_DOCUMENT -> new ClientMessage.RecordDocument(id(b), requiredString(b, "reader", MAX_READER),
                    document(b), requiredString(b, "staff", MAX_STAFF), optionalString(b, "note", MAX_NOTE));
            case SIM_INSERT -> new ClientMessage.SimInsert(id(b), requiredString(b, "reader", MAX_READER),
                    requiredString(b, "profile", MAX_PROFILE), photo(b));
            case SIM_REMOVE -> new ClientMessage.SimRemove(id(b), requiredString(b, "reader", MAX_READER));
            case SIM_FAULT -> new ClientMessage.SimFault(id(b), requiredString(b, "reader", MAX_READER), fault(b));
            case SIM_FACE -> new ClientMessage.SimFace(id(b), requiredString(b, "reader", MAX_READER),
                    faceOutcome(b));
        };
    }

    private static String id(ObjectNode b) throws ProtocolException {
        return requiredString(b, "id", MAX_ID);
    }

    private static String session(ObjectNode b) throws ProtocolException {
        return requiredString(b, "session", MAX_SESSION);
    }

    /**
     * {@code hello.protocol}: absent or null, or an integer (JSON Schema's sense: 1.0 is 1) naming a
     * level this daemon speaks; any other integer is {@code unsupported_protocol}, anything else
     * {@code bad_request}.
     */
    private static OptionalInt protocolLevel(ObjectNode b) throws ProtocolException {
        JsonNode p = b.get("protocol");
        if (p == null || p.isNull()) {
            return OptionalInt.empty();
        }
        if (p.isFloatingPointNumber() && !Double.isFinite(p.doubleValue())) {
            throw unsupportedProtocol(); // beyond a double's range: an integer, and no level spoken
        }
        BigDecimal level = p.isNumber() ? p.decimalValue() : null;
        if (level == null || level.signum() != 0 && level.stripTrailingZeros().scale() > 0) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "「protocol」は整数で指定してください",
                    "Field 'protocol' must be an integer");
        }
        for (int spoken : ProtocolLevel.SPOKEN) {
            if (level.compareTo(BigDecimal.valueOf(spoken)) == 0) {
                return OptionalInt.of(spoken);
            }
        }
        throw unsupportedProtocol();
    }

    private static ProtocolException unsupportedProtocol() {
        String spoken = ProtocolLevel.SPOKEN.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return new ProtocolException(ErrorCode.UNSUPPORTED_PROTOCOL, "このデーモンが使えるプロトコルは " + spoken
                + " です。hello の protocol を合わせるか、クライアントを更新してください", "This daemon speaks protocol "
                + spoken + " only: say hello with one of these, or update the client");
    }

    private static Mode mode(ObjectNode b) throws ProtocolException {
        String m = requiredString(b, "mode", 16);
        return Mode.of(m).orElseThrow(() -> new ProtocolException(ErrorCode.BAD_REQUEST,
                "「mode」は face か pin です", "Field 'mode' must be face or pin"));
    }

    /** {@code answers}: an object of known consent items, each true or false (which items: the session checks). */
    private static java.util.Map<ConsentItem, Boolean> answers(ObjectNode b) throws ProtocolException {
        JsonNode a = b.get("answers");
        if (a == null || !a.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "「answers」は項目ごとに true か false を持つオブジェクトです",
                    "Field 'answers' must be an object of item: true | false");
        }
        java.util.Map<ConsentItem, Boolean> answers = new java.util.EnumMap<>(ConsentItem.class);
        var fields = a.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            ConsentItem item = ConsentItem.of(e.getKey()).orElseThrow(() -> new ProtocolException(
                    ErrorCode.BAD_REQUEST, "「answers」に知らない項目があります", "Field 'answers' names an unknown item"));
            if (!e.getValue().isBoolean()) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "「answers」の値は true か false です",
                        "Each answer in 'answers' must be true or false");
            }
            answers.put(item, e.getValue().booleanValue());
        }
        return answers;
    }

    private static DocumentKind document(ObjectNode b) throws ProtocolException {
        String d = requiredString(b, "document", 32);
        return DocumentKind.of(d).orElseThrow(() -> new ProtocolException(ErrorCode.BAD_REQUEST,
                "「document」は shikaku_kakuninsho, shikaku_joho_oshirase, mynaportal のいずれかです",
                "Field 'document' must be shikaku_kakuninsho, shikaku_joho_oshirase or mynaportal"));
    }

    private static Simulation.CardFault fault(ObjectNode b) throws ProtocolException {
        String known = String.join(", ", java.util.Arrays.stream(Simulation.CardFault.values())
                .map(Simulation.CardFault::code).toList());
        return Simulation.CardFault.of(requiredString(b, "fault", 32)).orElseThrow(() -> new ProtocolException(
                ErrorCode.BAD_REQUEST, "「fault」は " + known + " のいずれかです", "Field 'fault' must be one of " + known));
    }

    private static Simulation.FaceOutcome faceOutcome(ObjectNode b) throws ProtocolException {
        String o = requiredString(b, "outcome", 16);
        for (Simulation.FaceOutcome f : Simulation.FaceOutcome.values()) {
            if (f.code().equals(o)) {
                return f;
            }
        }
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "「outcome」は match, mismatch, no_face, not_live のいずれかです",
                "Field 'outcome' must be match, mismatch, no_face or not_live");
    }

    /** The PIN last, so that no other refusal leaves a {@link Secret} behind. */
    private static ClientMessage submitPin(ObjectNode b, Envelope envelope) throws ProtocolException {
        String id = id(b);
        String session = session(b);
        Optional<byte[]> challenge = Optional.empty();
        JsonNode c = b.get("challenge");
        if (c != null && !c.isNull()) {
            byte[] bytes = base64(c, "challenge");
            if (bytes.length == 0) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST,
                        "「challenge」が空です", "Field 'challenge' is empty");
            }
            if (bytes.length > MAX_CHALLENGE) {
                throw new ProtocolException(ErrorCode.TOO_LARGE, "「challenge」は " + MAX_CHALLENGE
                        + " バイトまでです", "Field 'challenge' may hold at most " + MAX_CHALLENGE + " bytes");
            }
            challenge = Optional.of(bytes);
        }
        if (b.has("pin")) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "「pin」は文字列で送ってください", "Field 'pin' must be a string");
        }
        char[] digits = envelope.pin().orElseThrow(() -> new ProtocolException(ErrorCode.BAD_REQUEST,
                "「pin」がありません", "Missing field 'pin'"));
        try {
            return new ClientMessage.SubmitPin(id, session, Secret.authPin(digits), challenge);
        } catch (InvalidPinFormatException e) {
            throw new ProtocolException(ErrorCode.INVALID_PIN_FORMAT,
                    "暗証番号は4桁の数字です", "The PIN must be exactly 4 digits");
        }
    }

    /** {@code sim.insert}'s optional {@code photo}: base64 of a JPEG or PNG, at most {@link Simulation#MAX_PHOTO_BYTES}. */
    private static Optional<byte[]> photo(ObjectNode b) throws ProtocolException {
        JsonNode v = b.get("photo");
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        byte[] photo = base64(v, "photo");
        if (photo.length > Simulation.MAX_PHOTO_BYTES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "「photo」は " + Simulation.MAX_PHOTO_BYTES / 1024
                    + " KiB までです", "Field 'photo' may hold at most " + Simulation.MAX_PHOTO_BYTES / 1024 + " KiB");
        }
        if (!FaceFrames.jpegOrPng(photo)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "「photo」は JPEG か PNG です",
                    "Field 'photo' must be a JPEG or PNG");
        }
        return Optional.of(photo);
    }

    /** 照合番号B last, so that no other refusal leaves a {@link Secret} behind; never retried. */
    private static ClientMessage submitCardCode(ObjectNode b, Envelope envelope) throws ProtocolException {
        String id = id(b);
        String session = session(b);
        if (b.has("code")) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "「code」は文字列で送ってください", "Field 'code' must be a string");
        }
        char[] digits = envelope.code().orElseThrow(() -> new ProtocolException(ErrorCode.BAD_REQUEST,
                "「code」がありません", "Missing field 'code'"));
        CardCodes.check(digits, java.time.Year.now(java.time.ZoneId.of("Asia/Tokyo")).getValue());
        try {
            return new ClientMessage.SubmitCardCode(id, session, Secret.verificationCodeB(digits));
        } catch (InvalidPinFormatException e) {
            throw CardCodes.invalid();
        }
    }

    static byte[] base64(JsonNode v, String field) throws ProtocolException {
        if (!v.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "「" + field + "」は base64 の文字列です", "Field '"
                    + field + "' must be a base64 string");
        }
        try {
            return Base64.getDecoder().decode(v.textValue());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "「" + field + "」が base64 として読めません", "Field '"
                    + field + "' is not valid base64");
        }
    }

    private static String requiredString(ObjectNode body, String field, int maxLength) throws ProtocolException {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "「" + field + "」がありません", "Missing field '" + field + "'");
        }
        return checkString(v, field, maxLength);
    }

    private static Optional<String> optionalString(ObjectNode body, String field, int maxLength)
            throws ProtocolException {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(checkString(v, field, maxLength));
    }

    private static String checkString(JsonNode v, String field, int maxLength) throws ProtocolException {
        if (!v.isTextual() || !Unicode.fits(v.textValue(), maxLength)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "「" + field + "」は 1〜" + maxLength
                    + " 文字の文字列で指定してください", "Field '" + field + "' must be a string of 1 to " + maxLength
                    + " characters (well-formed Unicode)");
        }
        return v.textValue().strip().isEmpty() ? blank(field) : v.textValue();
    }

    private static String blank(String field) throws ProtocolException {
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "「" + field + "」が空白だけです",
                "Field '" + field + "' is blank");
    }
}
