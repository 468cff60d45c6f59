package org.madoguchi.daemon.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.session.Text;
import org.madoguchi.daemon.session.Mode;
import org.madoguchi.driver.spi.Simulation;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec();

    private ClientMessage decode(String json) throws ProtocolException {
        Envelope e = codec.open(json);
        return codec.decode(MessageType.of(e.type()).orElseThrow(), e);
    }

    private ErrorCode refusal(String json) {
        return assertThrows(ProtocolException.class, () -> decode(json)).code();
    }

    @Test
    void decodesTheKnownMessages() throws Exception {
        assertEquals(new ClientMessage.Hello(Optional.empty(), "desk"), decode("{\"type\":\"hello\",\"client\":\"desk\"}"));
        assertEquals(new ClientMessage.Hello(Optional.of("t"), "desk"),
                decode("{\"type\":\"hello\",\"client\":\"desk\",\"token\":\"t\",\"extra\":1}"));
        assertEquals(new ClientMessage.Ping("1"), decode("{\"type\":\"ping\",\"id\":\"1\"}"));
        assertEquals(new ClientMessage.SimInsert("2", "R", "default"),
                decode("{\"type\":\"sim.insert\",\"id\":\"2\",\"reader\":\"R\",\"profile\":\"default\"}"));
        assertEquals(new ClientMessage.SimRemove("3", "R"), decode("{\"type\":\"sim.remove\",\"id\":\"3\",\"reader\":\"R\"}"));
    }

    @Test
    void helloMayNameTheProtocolLevelItSpeaks() throws Exception {
        ClientMessage.Hello asked = new ClientMessage.Hello(Optional.empty(), "desk", java.util.OptionalInt.of(1));
        assertEquals(asked, decode("{\"type\":\"hello\",\"client\":\"desk\",\"protocol\":1}"));
        assertEquals(asked, decode("{\"type\":\"hello\",\"client\":\"desk\",\"protocol\":1.0}"));
        assertEquals(asked, decode("{\"type\":\"hello\",\"client\":\"desk\",\"protocol\":10e-1}"));
        assertEquals(new ClientMessage.Hello(Optional.empty(), "desk"),
                decode("{\"type\":\"hello\",\"client\":\"desk\",\"protocol\":null}"));
        for (String other : new String[] {"0", "2", "-1", "99999999999999999999999999", "1e400", "2.0"}) {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> decode("{\"type\":\"hello\",\"client\":\"desk\",\"protocol\":" + other + "}"), other);
            assertEquals(ErrorCode.UNSUPPORTED_PROTOCOL, e.code(), other);
            assertTrue(e.text().en().contains("protocol 1"), e.text().toString());
        }
        for (String notAnInteger : new String[] {"\"1\"", "1.5", "true", "[1]", "{}"}) {
            assertEquals(ErrorCode.BAD_REQUEST,
                    refusal("{\"type\":\"hello\",\"client\":\"desk\",\"protocol\":" + notAnInteger + "}"),
                    notAnInteger);
        }
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"type\":\"hello\",\"client\":\"\",\"protocol\":2}"),
                "the other fields are checked first");
        String error = new MessageCodec().encode(new ServerMessage.ErrorMessage(null, ErrorCode.UNSUPPORTED_PROTOCOL,
                org.madoguchi.daemon.session.Text.of("あ", "a")));
        assertTrue(error.endsWith(",\"protocols\":[1]}"), error);
        assertFalse(new MessageCodec().encode(new ServerMessage.ErrorMessage("x", ErrorCode.BAD_REQUEST,
                org.madoguchi.daemon.session.Text.of("あ", "a"))).contains("protocols"));
    }

    @Test
    void decodesSessionCommands() throws Exception {
        assertEquals(new ClientMessage.ChooseMode("1", "s-1", Mode.FACE),
                decode("{\"type\":\"chooseMode\",\"id\":\"1\",\"session\":\"s-1\",\"mode\":\"face\"}"));
        assertEquals(new ClientMessage.ConfirmVisual("2", "s-1", "佐藤", Optional.of("n")), decode(
                "{\"type\":\"confirmVisual\",\"id\":\"2\",\"session\":\"s-1\",\"staff\":\"佐藤\",\"note\":\"n\"}"));
        ClientMessage.FaceCapture capture = (ClientMessage.FaceCapture) decode(
                "{\"type\":\"faceCapture\",\"id\":\"3\",\"session\":\"s\",\"image\":\"/9j/4A==\"}");
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, capture.frames().get(0));
        assertEquals(new ClientMessage.SimFace("4", "R", Simulation.FaceOutcome.NO_FACE),
                decode("{\"type\":\"sim.face\",\"id\":\"4\",\"reader\":\"R\",\"outcome\":\"no_face\"}"));
        for (String t : new String[] {"confirmLastTry", "retryFace", "requestVisual", "cancel"}) {
            ClientMessage.SessionCommand c = (ClientMessage.SessionCommand) decode(
                    "{\"type\":\"" + t + "\",\"id\":\"5\",\"session\":\"s-9\"}");
            assertEquals("s-9", c.session());
            assertEquals(t, c.type().wireName());
        }
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"type\":\"cancel\",\"id\":\"5\"}"));
        assertEquals(ErrorCode.BAD_REQUEST,
                refusal("{\"type\":\"confirmVisual\",\"id\":\"5\",\"session\":\"s\",\"staff\":\"  \"}"));
    }

    @Test
    void aPinIsKeptAsCharactersAndChecked() throws Exception {
        Envelope e = codec.open("{\"type\":\"submitPin\",\"id\":\"1\",\"session\":\"s\",\"pin\":\"1234\"}");
        assertFalse(e.body().has("pin"), "the PIN never becomes a JSON string node");
        assertFalse(e.body().toString().contains("1234"));
        ClientMessage.SubmitPin submit = (ClientMessage.SubmitPin) codec.decode(MessageType.SUBMIT_PIN, e);
        assertFalse(submit.toString().contains("1234"));
        assertTrue(submit.challenge().isEmpty());
        char[] kept = e.pin().orElseThrow();
        e.close();
        assertArrayEquals(new char[4], kept, "closing the envelope zeroes the characters");
        submit.pin().close();

        assertEquals(ErrorCode.INVALID_PIN_FORMAT, refusal(
                "{\"type\":\"submitPin\",\"id\":\"1\",\"session\":\"s\",\"pin\":\"12\\u0033x\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"type\":\"submitPin\",\"id\":\"1\",\"session\":\"s\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, refusal(
                "{\"type\":\"submitPin\",\"id\":\"1\",\"session\":\"s\",\"pin\":\"1234\",\"pin\":\"5678\"}"));
        String pin = "\"pin\":\"1234\"";
        assertEquals(ErrorCode.TOO_LARGE, refusal("{\"type\":\"submitPin\",\"id\":\"1\",\"session\":\"s\","
                + pin + ",\"challenge\":\"" + Base64.getEncoder().encodeToString(new byte[65]) + "\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"type\":\"submitPin\",\"id\":\"1\",\"session\":\"s\","
                + pin + ",\"challenge\":\"not base64!\"}"));
        ClientMessage.SubmitPin withChallenge = (ClientMessage.SubmitPin) decode("{\"type\":\"submitPin\",\"id\":\"1\","
                + "\"session\":\"s\"," + pin + ",\"challenge\":\"" + Base64.getEncoder().encodeToString(new byte[64])
                + "\"}");
        assertEquals(64, withChallenge.challenge().orElseThrow().length);
    }

    @Test
    void refusesMalformedInput() {
        assertEquals(ErrorCode.BAD_REQUEST, refusal("not json"));
        assertEquals(ErrorCode.BAD_REQUEST, refusal("[1,2]"));
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"id\":\"1\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"type\":7}"));
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"type\":\"ping\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"type\":\"ping\",\"id\":5}"));
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"type\":\"ping\",\"id\":\"\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"type\":\"ping\",\"id\":\"" + "x".repeat(65) + "\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"type\":\"ping\",\"id\":\"1\",\"id\":\"2\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"type\":\"ping\",\"id\":\"1\"} {}"));
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"type\":\"hello\"}"));
        String deep = "[".repeat(MessageCodec.MAX_DEPTH + 1) + "]".repeat(MessageCodec.MAX_DEPTH + 1);
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"type\":\"ping\",\"id\":\"1\",\"x\":" + deep + "}"));
    }

    @Test
    void keepsAUsableIdForErrors() throws Exception {
        assertEquals(Optional.of("9"), codec.open("{\"type\":\"nope\",\"id\":\"9\"}").id());
        assertEquals(Optional.empty(), codec.open("{\"type\":\"nope\",\"id\":9}").id());
        assertEquals(Optional.empty(), MessageType.of("nope"));
    }

    @Test
    void encodesWithTypeFirst() {
        assertEquals("{\"type\":\"reply\",\"id\":\"1\"}", codec.encode(new ServerMessage.Reply("1")));
        assertEquals("{\"type\":\"error\",\"code\":\"bad_state\",\"message\":{\"ja\":\"む\",\"en\":\"m\"}}",
                codec.encode(new ServerMessage.ErrorMessage(null, ErrorCode.BAD_STATE, Text.of("む", "m"))));
        assertEquals("{\"type\":\"reader\",\"reader\":\"R\",\"attached\":true,\"card\":null}",
                codec.encode(new ServerMessage.ReaderMessage("R", true, null)));
        assertEquals("{\"type\":\"welcome\",\"protocol\":1,\"role\":\"staff\",\"version\":\"v\",\"readers\":["
                + "{\"type\":\"reader\",\"reader\":\"R\",\"attached\":true,"
                + "\"card\":{\"kind\":\"my_number_card\",\"atr\":\"3B8F\"}}]}",
                codec.encode(new ServerMessage.Welcome(1, "staff", "v", List.of(new ServerMessage.ReaderMessage("R",
                        true, new ServerMessage.CardInfo("my_number_card", "3B8F"))))));
    }

    @Test
    void everyErrorCodeAndReasonHasALowerCaseWireNameAndNoneIsBoth() {
        var errors = new java.util.HashSet<String>();
        for (ErrorCode c : ErrorCode.values()) {
            assertEquals(c.name().toLowerCase(java.util.Locale.ROOT), c.code());
            errors.add(c.code());
        }
        for (org.madoguchi.daemon.session.Reason r : org.madoguchi.daemon.session.Reason.values()) {
            assertEquals(r.name().toLowerCase(java.util.Locale.ROOT), r.code());
            assertFalse(errors.contains(r.code()), r.code());
        }
    }
}
