package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.sessionState;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.security.SimulationClients;

/**
 * Face mode with real faces through the whole daemon ({@code --simulate}, in-process reader): the card
 * carries a real photo ({@code sim.insert … photo}, stored as the chip's greyscale JPEG 2000), the
 * capture comes over the WebSocket, and the built-in engine compares them. No mock anywhere.
 */
@Timeout(180)
class RealFaceSessionTest {
    private DaemonFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private WsTestClient start(DaemonConfig config) throws Exception {
        f = new DaemonFixture(DaemonSettings.simulated(config.withPort(0), 1));
        return f.client("kiosk", SimulationClients.KIOSK_TOKEN);
    }

    /** Inserts the default card with {@code photo} on it, chooses face mode; returns the session id. */
    private String faceSession(WsTestClient kiosk, String photo) throws Exception {
        f.ok(kiosk, "type", "sim.insert", "reader", R0, "profile", "default", "photo", RealFaces.base64(photo));
        String session = kiosk.await(WsTestClient.sessionIn(R0, "choose_mode")).path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "face");
        kiosk.await(sessionState(session, "face_in_progress"));
        return session;
    }

    private JsonNode capture(WsTestClient kiosk, String session, List<String> frames) throws Exception {
        JsonNode answer = f.command(kiosk, RealFaces.capture(session, frames));
        assertEquals("reply", answer.path("type").asText(), answer::toString);
        return kiosk.await(m -> session.equals(m.path("session").asText())
                && (m.path("type").asText().equals("result") || "face_in_progress".equals(m.path("state").asText())
                        || "pin_entry".equals(m.path("state").asText())));
    }

    @Test
    void theSamePersonTurningTheHeadIsVerifiedAndAnotherPersonIsNot() throws Exception {
        WsTestClient kiosk = start(DaemonConfig.defaults());
        String session = faceSession(kiosk, RealFaces.SALLEY_CARD);
        JsonNode result = capture(kiosk, session, RealFaces.base64All(RealFaces.SALLEY_TURNING));
        assertEquals("result", result.path("type").asText(), result::toString);
        assertEquals("verified", result.path("outcome").asText(), result::toString);
        assertEquals("face", result.path("method").asText());
        JsonNode face = result.path("face");
        assertTrue(face.path("distance").asDouble() <= 0.55, face::toString);
        assertEquals(0.55, face.path("threshold").asDouble());
        assertEquals("live", face.path("liveness").asText());
        System.out.println("same person, head turn: " + face);
        JsonNode line = f.auditLines().stream().filter(l -> session.equals(l.path("session").asText())).findFirst()
                .orElseThrow();
        assertEquals("face", line.path("method").asText());
        assertEquals(face.path("distance").asDouble(), line.path("faceDistance").asDouble());
        f.remove(kiosk, R0);

        String other = faceSession(kiosk, RealFaces.SIMM_CARD);
        JsonNode mismatch = capture(kiosk, other, RealFaces.base64All(RealFaces.SALLEY_TURNING));
        assertEquals("face_in_progress", mismatch.path("state").asText(), mismatch::toString);
        assertEquals("face_mismatch", mismatch.path("notice").asText());
        assertEquals(1, mismatch.path("face").path("attempts").asInt());
        assertTrue(mismatch.path("message").path("ja").asText().contains("一致しませんでした"), mismatch::toString);
    }

    @Test
    void aStillPhotoRepeatedIsNotLiveAndOneFrameNeither() throws Exception {
        WsTestClient kiosk = start(DaemonConfig.defaults());
        String session = faceSession(kiosk, RealFaces.SALLEY_CARD);
        String still = RealFaces.base64(RealFaces.SALLEY_TURNING[1]);
        JsonNode notLive = capture(kiosk, session, Collections.nCopies(5, still));
        assertEquals("face_not_live", notLive.path("notice").asText(), notLive::toString);
        assertEquals(1, notLive.path("face").path("attempts").asInt());
        assertTrue(notLive.path("message").path("ja").asText().contains("まばたき"), notLive::toString);
        assertTrue(notLive.path("message").path("en").asText().contains("blink"), notLive::toString);
        f.ok(kiosk, "type", "retryFace", "session", session);
        kiosk.await(sessionState(session, "face_in_progress").and(m -> !m.has("notice")));
        JsonNode one = capture(kiosk, session, List.of(still));
        assertEquals("face_not_live", one.path("notice").asText(), "one frame allows no liveness check: " + one);
        assertEquals(2, one.path("face").path("attempts").asInt());
    }

    @Test
    void aCaptureWithoutAFaceIsAMismatchAttemptThatSaysWhy() throws Exception {
        WsTestClient kiosk = start(DaemonConfig.defaults());
        String session = faceSession(kiosk, RealFaces.SALLEY_CARD);
        JsonNode noFace = capture(kiosk, session, Collections.nCopies(3, RealFaces.emptyScene()));
        assertEquals("face_mismatch", noFace.path("notice").asText(), noFace::toString);
        assertTrue(noFace.path("message").path("ja").asText().contains("顔を確認できませんでした"), noFace::toString);
        assertTrue(noFace.path("message").path("en").asText().contains("No face was found"), noFace::toString);
    }

    @Test
    void aMebibyteOfNoiseIsRefusedOrCountedNeverACrashOrAHang() throws Exception {
        WsTestClient kiosk = start(DaemonConfig.defaults());
        String session = faceSession(kiosk, RealFaces.SALLEY_CARD);
        SecureRandom random = new SecureRandom();
        byte[] noise = new byte[760_000]; // about 1 MiB as base64 in the message
        random.nextBytes(noise);
        long start = System.nanoTime();
        JsonNode refused = f.command(kiosk, RealFaces.capture(session, List.of(Base64.getEncoder()
                .encodeToString(noise))));
        assertEquals("bad_request", refused.path("code").asText(), refused::toString);
        noise[0] = (byte) 0xFF; // now it looks like a JPEG to the cheap check and reaches the decoder
        noise[1] = (byte) 0xD8;
        noise[2] = (byte) 0xFF;
        JsonNode attempt = capture(kiosk, session, List.of(Base64.getEncoder().encodeToString(noise)));
        assertEquals("face_mismatch", attempt.path("notice").asText(), attempt::toString);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 10_000, "noise handled in " + millis + " ms");
        JsonNode tooMany = f.command(kiosk, RealFaces.capture(session, Collections.nCopies(9, RealFaces.emptyScene())));
        assertEquals("bad_request", tooMany.path("code").asText(), "at most 8 frames: " + tooMany);
        JsonNode health = WsTestClient.JSON.readTree(f.get("/health"));
        assertEquals("ok", health.path("face").asText(), health::toString);
        // The daemon still verifies afterwards.
        JsonNode result = capture(kiosk, session, RealFaces.base64All(RealFaces.SALLEY_TURNING));
        assertEquals("verified", result.path("outcome").asText(), result::toString);
    }

    /**
     * Every person's card photo against another photo of each person (one frame each, liveness off so
     * that single photos can be compared): the same person verifies, another person never does.
     */
    @Test
    void sameAndDifferentPersonPairs() throws Exception {
        WsTestClient kiosk = start(DaemonConfig.defaults().withFace(DaemonConfig.defaults().face().withLiveness(false)));
        List<String> people = RealFaces.people();
        assertEquals(5, people.size(), people::toString);
        int same = 0;
        int sameVerified = 0;
        List<String> falseAccepts = new ArrayList<>();
        for (String cardPerson : people) {
            List<String> cardPhotos = RealFaces.photosOf(cardPerson);
            for (String livePerson : people) {
                List<String> live = RealFaces.photosOf(livePerson);
                String frame = cardPerson.equals(livePerson) ? live.get(live.size() - 1) : live.get(3);
                String session = faceSession(kiosk, cardPhotos.get(0));
                JsonNode outcome = capture(kiosk, session, RealFaces.base64All(frame));
                boolean verified = "verified".equals(outcome.path("outcome").asText());
                if (cardPerson.equals(livePerson)) {
                    same++;
                    if (verified) {
                        sameVerified++;
                        assertEquals("not_checked", outcome.path("face").path("liveness").asText());
                    }
                } else if (verified) {
                    falseAccepts.add(cardPerson + " card vs " + livePerson + ": " + outcome.path("face"));
                }
                System.out.println(cardPerson + " card vs " + livePerson + ": " + (verified ? outcome.path("face")
                        : outcome.path("notice").asText()));
                f.remove(kiosk, R0);
                if (!verified) {
                    kiosk.await(resultOf(session));
                }
            }
        }
        assertEquals(List.of(), falseAccepts, "no stranger is accepted");
        assertEquals(same, sameVerified, "every same-person pair verifies");
    }
}
