package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.madoguchi.daemon.DaemonFixture.IMAGE;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.DaemonFixture.R1;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.sessionState;
import static org.madoguchi.daemon.WsTestClient.type;

import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;

/** Two readers, two sessions at once, two kiosks and one observer: no cross-talk. */
class TwoReadersTest {

    /** The events up to and including the later of the two results. */
    private static List<JsonNode> upToBothResults(List<JsonNode> events, String a, String b) {
        int end = 0;
        int results = 0;
        while (results < 2 && end < events.size()) {
            JsonNode m = events.get(end++);
            if (type("result").test(m) && (a.equals(m.path("session").asText()) || b.equals(m.path("session").asText()))) {
                results++;
            }
        }
        return events.subList(0, end);
    }

    @Test
    void twoSessionsRunSideBySideWithoutCrossTalk() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 2))) {
            WsTestClient kioskA = f.client("kiosk-a");
            WsTestClient kioskB = f.client("kiosk-b");
            WsTestClient observer = f.client("observer");
            String a = f.placeAndChoose(kioskA, R0, "default").path("session").asText();
            String b = f.placeAndChoose(kioskB, R1, "pin-last-try").path("session").asText();
            assertNotEquals(a, b);

            // Interleaved: A by face on reader 0, B by PIN (last try) on reader 1.
            f.ok(kioskA, "type", "chooseMode", "session", a, "mode", "face");
            f.ok(kioskB, "type", "chooseMode", "session", b, "mode", "pin");
            kioskA.await(sessionState(a, "face_in_progress"));
            JsonNode lastTry = kioskB.await(sessionState(b, "pin_entry"));
            assertEquals(1, lastTry.path("pin").path("retriesLeft").asInt());
            assertEquals("bad_state", f.submitPin(kioskB, a, "1234").path("code").asText(),
                    "a PIN for A's session while A does face");
            f.ok(kioskB, "type", "confirmLastTry", "session", b);
            f.submitPin(kioskB, b, "1234");
            f.ok(kioskA, "type", "faceCapture", "session", a, "image", IMAGE);
            JsonNode resultA = kioskA.await(resultOf(a));
            JsonNode resultB = kioskB.await(resultOf(b));

            assertEquals(R0, resultA.path("reader").asText());
            assertEquals("face", resultA.path("method").asText());
            assertEquals(R1, resultB.path("reader").asText());
            assertEquals("pin", resultB.path("method").asText());
            assertNotEquals(resultA.path("certificate").path("serialNumber").asText(),
                    resultB.path("certificate").path("serialNumber").asText());
            SessionFlowTest.assertSignatureVerifies(resultB);

            for (WsTestClient c : List.of(kioskA, kioskB, observer)) {
                c.seenOrAwait(resultOf(a));
                c.seenOrAwait(resultOf(b));
            }
            for (WsTestClient c : List.of(kioskA, kioskB, observer)) {
                for (JsonNode m : c.seen()) {
                    if (type("session").or(type("result")).test(m)) {
                        String session = m.path("session").asText();
                        String expected = session.equals(a) ? R0 : session.equals(b) ? R1 : null;
                        assertEquals(expected, m.path("reader").asText(), m::toString);
                    }
                }
            }
            // Everyone saw the same events in the same order (up to the last result each waited for).
            Predicate<JsonNode> event = type("session").or(type("result")).or(type("reader"));
            List<JsonNode> byObserver = upToBothResults(observer.seen().stream().filter(event).toList(), a, b);
            assertEquals(byObserver, upToBothResults(kioskA.seen().stream().filter(event).toList(), a, b));
            assertEquals(byObserver, upToBothResults(kioskB.seen().stream().filter(event).toList(), a, b));
            assertEquals(2, byObserver.stream().filter(type("result")).count());
        }
    }
}
