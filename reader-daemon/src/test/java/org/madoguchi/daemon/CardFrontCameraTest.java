package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.IMAGE;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.sessionState;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.FaceConfig;
import org.madoguchi.daemon.readers.StepHook;
import org.madoguchi.daemon.security.SimulationClients;
import org.madoguchi.daemon.session.CardAction;
import org.madoguchi.driver.face.FaceUnavailableException;
import org.madoguchi.driver.face.ocr.CardFrontReader;
import org.madoguchi.simulator.card.Person;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.cardfront.CardFront;
import org.madoguchi.simulator.cardfront.CardFrontRenderer;
import org.madoguchi.simulator.cardfront.CardPhotographer;
import org.madoguchi.simulator.cardfront.PhotoCondition;

/**
 * 照合番号B read off a photograph of the card front ({@code face.cardCode: camera} in {@code --simulate}),
 * over a real WebSocket, with the real card-front OCR (Tesseract) on photographs of the simulated card's
 * own front, no mocks: one reading is one VERIFY and the face flow goes on; an image that cannot be read
 * sends nothing to the card; a valid code the card refuses ends the camera path and staff type; the
 * digits are in no frame a client receives and in no log line.
 */
@Timeout(120)
class CardFrontCameraTest {
    /** The default profile's card: 照合番号B 60040120344321 (昭和60-04-01, expires 2034, code 4321). */
    private static Person holder;
    private static CardFront front;
    private static CardPhotographer camera;

    private DaemonFixture f;
    private WsTestClient kiosk;
    private WsTestClient staff;
    private LogLines log;
    private final AtomicInteger photoReads = new AtomicInteger();
    private final AtomicInteger frontReads = new AtomicInteger();

    @BeforeAll
    static void ocrAndFont() throws Exception {
        Assumptions.assumeTrue(CardFrontRenderer.fontAvailable(), "Noto Sans CJK JP missing (apt-get install fonts-noto-cjk)");
        try {
            CardFrontReader.open().close();
        } catch (FaceUnavailableException e) {
            Assumptions.abort("Tesseract missing (apt-get install tesseract-ocr tesseract-ocr-jpn): " + e.getMessage());
        }
        holder = Profiles.get("default").cardFace().orElseThrow();
        front = CardFront.of(holder);
        assertEquals(holder.verificationCodeB(), front.verificationCodeB(), "the front prints what the chip expects");
        assertEquals(CardCodeEntryTest.CODE, front.verificationCodeB());
        camera = new CardPhotographer(CardFrontRenderer.create());
    }

    @BeforeEach
    void start() throws Exception {
        log = LogLines.capture();
        start(FaceConfig.DEFAULT_CARD_LIFT);
    }

    private void start(java.time.Duration cardLift) throws Exception {
        DaemonConfig config = DaemonConfig.defaults().withPort(0);
        config = config.withFace(config.face().withCardCode(FaceConfig.CardCode.CAMERA).withCardLift(cardLift));
        StepHook counting = new StepHook() {
            @Override
            public void beforeStep(String reader, CardAction action) {
                if (action instanceof CardAction.ReadPhoto) {
                    photoReads.incrementAndGet(); // each is one VERIFY of 照合番号B
                } else if (action instanceof CardAction.ReadCardFront) {
                    frontReads.incrementAndGet();
                }
            }
        };
        f = new DaemonFixture(DaemonSettings.simulated(config, 1).withHook(counting));
        kiosk = f.client("kiosk", SimulationClients.KIOSK_TOKEN);
        staff = f.client("desk", SimulationClients.STAFF_TOKEN);
    }

    @AfterEach
    void stop() {
        try {
            if (f != null) {
                f.close();
            }
        } finally {
            log.close();
        }
    }

    private String cameraEntry() throws Exception {
        String session = f.placeAndChoose(kiosk, R0, "default").path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", session, "mode", "face");
        JsonNode entry = kiosk.await(sessionState(session, "card_code_entry"));
        assertEquals(10, entry.path("cardCode").path("retriesLeft").asInt(), entry::toString);
        assertTrue(entry.path("cardCode").path("camera").asBoolean(), entry::toString);
        assertTrue(entry.path("message").path("ja").asText().contains("カードの表面(顔写真のある面)をカメラに向けてください"),
                entry::toString);
        return session;
    }

    private JsonNode capture(String session, byte[] image) throws Exception {
        return f.command(kiosk, "type", "cardFrontCapture", "session", session, "image",
                Base64.getEncoder().encodeToString(image));
    }

    /** The next event for {@code session} after its card-front reading: what the OCR's answer led to. */
    private static Predicate<JsonNode> afterReading(String session) {
        return m -> "session".equals(m.path("type").asText()) && session.equals(m.path("session").asText())
                && !"reading_card_front".equals(m.path("step").asText())
                && ("card_code_entry".equals(m.path("state").asText()) || "reading_photo".equals(m.path("step").asText()));
    }

    /**
     * Sends photographs of {@code card} (CLEAN, seeds from {@code seed}) as a kiosk would, one every 1.5 s
     * after the last answer, until one is read; returns the {@code reading_photo} event.
     */
    private JsonNode readFront(String session, CardFront card, long seed) throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals("reply", capture(session, camera.photograph(card, PhotoCondition.CLEAN, seed + i))
                    .path("type").asText());
            JsonNode next = kiosk.await(afterReading(session));
            if ("reading_photo".equals(next.path("step").asText())) {
                return next;
            }
            assertEquals("card_front_unreadable", next.path("notice").asText(), next::toString);
            Thread.sleep(1500);
        }
        throw new AssertionError("five clean photographs of the card front were not read");
    }

    @Test
    void aPhotographOfTheCardFrontIsOneVerifyAndTheFaceFlowGoesOn() throws Exception {
        String session = cameraEntry();
        JsonNode reading = readFront(session, front, 2026);
        JsonNode read = reading.path("cardCode").path("read");
        assertEquals("昭和60年**月**日生・2034年まで有効・セキュリティコード ****", read.path("ja").asText(), reading::toString);
        assertTrue(read.path("en").asText().contains("Showa 60"), reading::toString);
        JsonNode ready = kiosk.await(sessionState(session, "face_in_progress"));
        assertFalse(ready.has("cardCode"), ready::toString);
        assertEquals(1, photoReads.get(), "one reading, one VERIFY");

        f.ok(kiosk, "type", "faceCapture", "session", session, "image", IMAGE); // the stand-in engine: a match
        JsonNode result = kiosk.await(resultOf(session));
        assertEquals("verified", result.path("outcome").asText(), result::toString);
        assertEquals("face", result.path("method").asText());
        assertNoDigits();
    }

    @Test
    void anImageThatCannotBeReadSendsNothingToTheCard() throws Exception {
        String session = cameraEntry();
        assertEquals("bad_request", f.command(kiosk, "type", "cardFrontCapture", "session", session, "image",
                Base64.getEncoder().encodeToString("not an image".getBytes())).path("code").asText());
        assertEquals("bad_request", f.command(kiosk, "type", "cardFrontCapture", "session", session).path("code")
                .asText(), "no image");

        assertEquals("reply", capture(session, noise(640, 480, 7)).path("type").asText());
        JsonNode refused = kiosk.await(afterReading(session));
        assertEquals("card_code_entry", refused.path("state").asText(), refused::toString);
        assertEquals("card_front_unreadable", refused.path("notice").asText(), refused::toString);
        assertTrue(refused.path("cardCode").path("camera").asBoolean(), "the kiosk may try again: " + refused);
        String why = refused.path("cardCode").path("refusal").asText();
        assertTrue(List.of("card_not_found", "unreadable").contains(why), refused::toString);
        assertTrue(refused.path("message").path("ja").asText().contains("枠"), refused::toString);
        assertEquals(10, refused.path("cardCode").path("retriesLeft").asInt());
        assertEquals(0, photoReads.get(), "no VERIFY for an image that was not read");
        assertEquals(1, frontReads.get());

        // the card's counter is untouched: a wrong typed code is the first try it counts
        assertEquals("reply", f.command(staff, "type", "submitCardCode", "session", session, "code",
                CardCodeEntryTest.WRONG).path("type").asText());
        JsonNode wrong = kiosk.await(sessionState(session, "card_code_entry")
                .and(m -> m.path("cardCode").path("retriesLeft").asInt() == 9));
        assertFalse(wrong.path("cardCode").path("camera").asBoolean(), "staff typed: the camera path ends " + wrong);
        assertEquals("bad_state", capture(session, noise(640, 480, 8)).path("code").asText());
        assertNoDigits();
    }

    @Test
    void aValidCodeTheCardRefusesEndsTheCameraAndStaffStillType() throws Exception {
        String session = cameraEntry();
        CardFront misprinted = new CardFront(front.name(), front.address(), front.birthDate(), false, front.sex(),
                front.expiry(), "4322"); // a plausible code, one digit off: what a misread would give
        JsonNode reading = readFront(session, misprinted, 77);
        assertTrue(reading.path("cardCode").path("read").path("ja").asText().startsWith("昭和60年"), reading::toString);
        JsonNode refused = kiosk.await(sessionState(session, "card_code_entry"));
        assertEquals(9, refused.path("cardCode").path("retriesLeft").asInt(), refused::toString);
        assertFalse(refused.path("cardCode").path("camera").asBoolean(), "no second reading may spend a try: " + refused);
        assertTrue(refused.path("cardCode").has("read"), "staff see what was read: " + refused);
        assertTrue(refused.path("message").path("ja").asText().contains("職員"), refused::toString);
        assertEquals(1, photoReads.get());
        assertEquals("bad_state", capture(session, camera.photograph(front, PhotoCondition.CLEAN, 1)).path("code")
                .asText(), "the camera path is over for this session");

        assertEquals("reply", f.command(staff, "type", "submitCardCode", "session", session, "code",
                CardCodeEntryTest.CODE).path("type").asText());
        kiosk.await(sessionState(session, "face_in_progress"));
        assertEquals(2, photoReads.get());
        assertNoDigits();
    }

    @Test
    void aCardLiftedToTheCameraIsWaitedForAndItsCodeIsUsedWhenItIsBack() throws Exception {
        String session = cameraEntry();
        f.remove(staff, R0); // the patient lifts the card to hold its front up to the camera
        JsonNode away = kiosk.await(sessionState(session, "card_code_entry").and(m -> m.has("cardAwayUntil")));
        assertTrue(away.path("cardCode").path("camera").asBoolean(), away::toString);
        assertFalse(kiosk.receivedTexts().stream().anyMatch(t -> t.contains("\"type\":\"result\"")), "no result yet");

        assertEquals("reply", capture(session, camera.photograph(front, PhotoCondition.CLEAN, 2026)).path("type").asText());
        JsonNode back = kiosk.await(sessionState(session, "card_return"));
        assertTrue(back.path("message").path("ja").asText().contains("カードをカードリーダーに戻してください"), back::toString);
        assertTrue(back.path("cardCode").path("read").path("ja").asText().startsWith("昭和60年"), back::toString);
        assertTrue(back.has("cardAwayUntil"), back::toString);
        assertEquals(0, photoReads.get(), "nothing is sent to a card that is not there");
        assertEquals("bad_state", f.command(staff, "type", "requestVisual", "session", session).path("code").asText());

        f.insert(staff, R0, "default"); // the same card, back on the reader
        JsonNode face = kiosk.await(sessionState(session, "face_in_progress"));
        assertFalse(face.has("cardAwayUntil"), face::toString);
        assertEquals(1, photoReads.get(), "the code read while the card was lifted: one VERIFY");
        f.ok(kiosk, "type", "faceCapture", "session", session, "image", IMAGE);
        JsonNode result = kiosk.await(resultOf(session));
        assertEquals("verified", result.path("outcome").asText(), result::toString);
        assertNoDigits();
    }

    @Test
    void anotherCardPutBackEndsTheLiftedCardsSessionAndGetsItsOwn() throws Exception {
        String session = cameraEntry();
        f.remove(staff, R0);
        kiosk.await(sessionState(session, "card_code_entry").and(m -> m.has("cardAwayUntil")));
        assertEquals("reply", capture(session, camera.photograph(front, PhotoCondition.CLEAN, 2026)).path("type").asText());
        kiosk.await(sessionState(session, "card_return"));

        f.insert(staff, R0, "pin-last-try"); // someone else's card
        JsonNode ended = kiosk.await(resultOf(session));
        assertEquals("aborted", ended.path("outcome").asText(), ended::toString);
        assertEquals("card_removed", ended.path("reason").asText(), ended::toString);
        JsonNode next = kiosk.await(WsTestClient.sessionIn(R0, "choose_mode"));
        assertFalse(session.equals(next.path("session").asText()), "a session of its own: " + next);
        assertEquals(1, next.path("pin").path("retriesLeft").asInt(), next::toString);
        assertEquals(0, photoReads.get(), "the first card's code never reaches the second card");
        assertNoDigits();
    }

    @Test
    void aCardNotPutBackInTimeEndsTheSession() throws Exception {
        f.close();
        start(java.time.Duration.ofSeconds(1));
        String session = cameraEntry();
        f.remove(staff, R0);
        JsonNode away = kiosk.await(sessionState(session, "card_code_entry").and(m -> m.has("cardAwayUntil")));
        JsonNode ended = kiosk.await(resultOf(session));
        assertEquals("card_removed", ended.path("reason").asText(), ended::toString);
        assertTrue(java.time.Instant.parse(ended.path("finishedAt").asText()).compareTo(
                java.time.Instant.parse(away.path("cardAwayUntil").asText())) >= 0, "not before the deadline: " + ended);
    }

    /** 照合番号B, its hidden birth month and day with the security code, in no frame received and no log line. */
    private void assertNoDigits() throws Exception {
        Thread.sleep(200); // the last log lines of the step
        List<String> frames = new ArrayList<>(kiosk.receivedTexts());
        frames.addAll(staff.receivedTexts());
        frames.addAll(f.observer().receivedTexts());
        for (String frame : frames) {
            assertFalse(frame.contains(CardCodeEntryTest.CODE), frame);
            assertFalse(frame.contains("60040120344322"), frame);
            if (frame.contains("\"type\":\"session\"")) { // a result carries the certificate's base64, not this
                assertFalse(frame.contains(front.securityCode()), frame);
                assertFalse(frame.contains("0401"), frame);
            }
        }
        for (String line : log.lines()) {
            // session ids and port numbers (a random port may hold the code's digits) are not card data
            String withoutIds = line.replaceAll("s-[0-9a-f]{16}", "s-…").replaceAll(":[0-9]{2,5}\\b", ":port");
            assertFalse(withoutIds.contains(CardCodeEntryTest.CODE), line);
            assertFalse(withoutIds.contains("60040120344322"), line);
            assertFalse(withoutIds.contains(front.securityCode()) || withoutIds.contains("4322"), line);
            assertFalse(withoutIds.contains("昭和60年"), "not even the masked reading is logged: " + line);
        }
        assertFalse(f.auditLines().toString().contains(CardCodeEntryTest.CODE));
    }

    /** Full-frame colour noise, as a JPEG. */
    private static byte[] noise(int w, int h, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }
}
