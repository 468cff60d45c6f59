package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.R0;

import java.awt.Color;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.FaceConfig;
import org.madoguchi.daemon.security.SimulationClients;
import org.madoguchi.driver.face.FaceUnavailableException;
import org.madoguchi.driver.face.ocr.CardFrontReader;
import org.madoguchi.simulator.card.Profiles;
import org.madoguchi.simulator.cardfront.CardFront;
import org.madoguchi.simulator.cardfront.CardFrontRenderer;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The kiosk reads 照合番号B with its camera ({@code face.cardCode: camera}) in Chromium on a 1280×720
 * screen, with the real card-front OCR: the fake camera shows the simulated card's front, then a real
 * face, and the session verifies by face with nobody typing; a camera that shows no card gets the calm
 * hint, and a card front whose code the card refuses hands over to staff, who see the masked reading in
 * the console and type the code.
 */
@Timeout(240)
class KioskCardFrontBrowserTest {
    private static CardFront front;
    private Browser kiosk;
    private Browser console;
    private DaemonFixture f;

    @BeforeAll
    static void needs() throws Exception {
        Browser.assumeChromium();
        Assumptions.assumeTrue(CardFrontRenderer.fontAvailable(), "Noto Sans CJK JP missing (apt-get install fonts-noto-cjk)");
        try {
            CardFrontReader.open().close();
        } catch (FaceUnavailableException e) {
            Assumptions.abort("Tesseract missing (apt-get install tesseract-ocr tesseract-ocr-jpn): " + e.getMessage());
        }
        front = CardFront.of(Profiles.get("default").cardFace().orElseThrow());
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {kiosk, console, f}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // go on closing the others
                }
            }
        }
    }

    private WsTestClient start(Path video) throws Exception {
        DaemonConfig config = DaemonConfig.defaults().withPort(0);
        f = new DaemonFixture(DaemonSettings.simulated(config.withFace(config.face()
                .withCardCode(FaceConfig.CardCode.CAMERA)), 1));
        kiosk = Browser.start(video);
        kiosk.size(1280, 720);
        kiosk.open(f.daemon.baseUrl() + "/kiosk#token=" + SimulationClients.KIOSK_TOKEN);
        return f.client("test-hands");
    }

    private void cameraPlaying() {
        kiosk.until(d -> Boolean.TRUE.equals(kiosk.js("const v = document.querySelector('#camera video');"
                + " return !!v && v.readyState >= 2 && v.videoWidth > 0")));
    }

    /** Which segment of {@link CardFrontVideo} the preview shows now (by its corner square). */
    private Color showing() {
        @SuppressWarnings("unchecked")
        List<Number> rgb = (List<Number>) kiosk.js("const v = document.querySelector('#camera video');"
                + " const c = document.createElement('canvas'); c.width = 1; c.height = 1;"
                + " const g = c.getContext('2d'); g.drawImage(v, 8, 8, 8, 8, 0, 0, 1, 1);"
                + " return Array.from(g.getImageData(0, 0, 1, 1).data).slice(0, 3)");
        int r = rgb.get(0).intValue();
        int g = rgb.get(1).intValue();
        int b = rgb.get(2).intValue();
        return r > 150 && g < 100 && b < 100 ? CardFrontVideo.FACE : g > 150 && r < 100 && b < 100
                ? CardFrontVideo.NOTHING : b > 150 && r < 100 && g < 100 ? CardFrontVideo.CARD : Color.BLACK;
    }

    private void waitFor(Color segment) {
        kiosk.until(d -> segment.equals(showing()));
    }

    /** The first message that matches within {@code wait} (the video loops in about 10 s: longer than an await). */
    private static JsonNode within(WsTestClient c, Duration wait, Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            var m = c.poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m.isPresent() && wanted.test(m.get())) {
                return m.get();
            }
        }
        throw new AssertionError("nothing matched within " + wait + "; seen: " + c.seen());
    }

    /** The screen fits 1280×720: nothing scrolls, every button is on screen. */
    private void fitsTheScreen(Browser b) {
        assertEquals(720L, ((Number) b.js("return window.innerHeight")).longValue(), "the viewport is 720 high");
        assertTrue(Boolean.TRUE.equals(b.js("return document.documentElement.scrollHeight <= window.innerHeight"
                + " && document.documentElement.scrollWidth <= window.innerWidth")), "the screen scrolls at 1280×720");
        for (var button : b.driver.findElements(By.cssSelector("#screen button"))) {
            assertTrue(Boolean.TRUE.equals(b.js("const r = arguments[0].getBoundingClientRect();"
                    + " return r.top >= 0 && r.bottom <= window.innerHeight", button)), "button cut off: " + button.getText());
        }
    }

    @Test
    void theCameraReadsTheCardFrontThenTheFaceVerifiesWithNobodyTyping() throws Exception {
        Path video = new CardFrontVideo().card(front, 4).nothing(1).face(4).write("fake-camera-card-front-then-face");
        WsTestClient hands = start(video);
        f.ok(hands, "type", "sim.insert", "reader", R0, "profile", "default", "photo",
                RealFaces.base64(RealFaces.SALLEY_CARD));
        kiosk.screen("choose");
        kiosk.click("button[data-mode='face']");
        kiosk.screen("cardfront");
        cameraPlaying();
        assertTrue(kiosk.text("#screen").contains("カードの表面(顔写真のある面)をカメラに向けてください"), kiosk.text("#screen"));
        assertTrue(kiosk.driver.findElements(By.cssSelector("#screen input")).isEmpty(), "the patient types nothing");
        waitFor(CardFrontVideo.CARD);
        fitsTheScreen(kiosk);
        kiosk.screenshot("kiosk-card-front");
        kiosk.assertAccessible("kiosk card front");

        JsonNode reading = within(hands, Duration.ofSeconds(40), m -> "session".equals(m.path("type").asText())
                && "reading_photo".equals(m.path("step").asText()) && m.path("cardCode").has("read"));
        assertEquals("昭和60年**月**日生・2034年まで有効・セキュリティコード ****",
                reading.path("cardCode").path("read").path("ja").asText(), reading::toString);
        hands.await(WsTestClient.sessionIn(R0, "face_in_progress"));
        kiosk.screen("face");
        cameraPlaying();

        JsonNode result = null;
        for (int attempt = 0; attempt < 3 && result == null; attempt++) {
            waitFor(CardFrontVideo.NOTHING); // then the face segment from its start: the whole burst sees the face
            waitFor(CardFrontVideo.FACE);
            kiosk.click("#capture");
            JsonNode next = hands.await(m -> ("result".equals(m.path("type").asText()))
                    || ("session".equals(m.path("type").asText()) && "face_in_progress".equals(m.path("state").asText())
                            && m.has("notice")));
            if ("result".equals(next.path("type").asText())) {
                result = next;
            }
        }
        assertTrue(result != null, "three bursts of the face segment did not verify");
        assertEquals("verified", result.path("outcome").asText(), result::toString);
        assertEquals("face", result.path("method").asText());
        kiosk.screen("done");
        for (String frame : hands.receivedTexts()) {
            assertFalse(frame.contains(front.verificationCodeB()), "照合番号B is never sent to a client");
        }
    }

    @Test
    void thePatientLiftsTheCardToTheCameraThenPutsItBackAndFaceGoesOn() throws Exception {
        Path video = new CardFrontVideo().nothing(3).card(front, 4).write("fake-camera-card-lifted");
        WsTestClient hands = start(video);
        console = Browser.start();
        console.open(f.daemon.baseUrl() + "/console#token=" + SimulationClients.STAFF_TOKEN);
        String photo = RealFaces.base64(RealFaces.SALLEY_CARD);
        f.ok(hands, "type", "sim.insert", "reader", R0, "profile", "default", "photo", photo);
        kiosk.screen("choose");
        kiosk.click("button[data-mode='face']");
        kiosk.screen("cardfront");
        cameraPlaying();
        f.remove(hands, R0); // the patient takes the card off the reader to hold it up to the camera
        hands.await(m -> "session".equals(m.path("type").asText()) && m.has("cardAwayUntil"));
        assertEquals("cardfront", kiosk.js("return document.body.dataset.screen"), "the kiosk goes on reading the front");
        String card = "[data-reader='" + R0 + "']";
        console.until(d -> console.text(card).contains("カメラに向けるため取り外し中"));

        JsonNode back = within(hands, Duration.ofSeconds(40), m -> "session".equals(m.path("type").asText())
                && "card_return".equals(m.path("state").asText()));
        assertTrue(back.path("cardCode").has("read"), back::toString);
        kiosk.screen("cardreturn");
        assertTrue(kiosk.text("#screen").contains("カードをカードリーダーに戻してください"), kiosk.text("#screen"));
        assertTrue(kiosk.text("#screen").contains("同じカードを戻すと"), kiosk.text("#screen"));
        fitsTheScreen(kiosk);
        kiosk.screenshot("kiosk-card-return");
        kiosk.assertAccessible("kiosk card return");
        console.until(d -> console.text(card).contains("カードがリーダーに戻されるのを待っています"));
        assertTrue(console.text(card).contains("カメラで読み取り済み"), console.text(card));
        assertTrue(console.find(card + " [data-action='request-visual']").getAttribute("disabled") != null,
                "目視確認 waits for the card to be back on the reader");
        console.js("arguments[0].scrollIntoView()", console.find(card));
        console.screenshot("console-card-return");
        kiosk.click("#lang");
        kiosk.until(d -> kiosk.text("#screen").contains("Please put your card back on the card reader"));
        fitsTheScreen(kiosk);
        kiosk.screenshot("kiosk-card-return-en");
        kiosk.click("#lang");

        f.ok(hands, "type", "sim.insert", "reader", R0, "profile", "default", "photo", photo); // the same card, back
        JsonNode face = hands.await(WsTestClient.sessionIn(R0, "face_in_progress"));
        assertEquals(back.path("session").asText(), face.path("session").asText(), "the same session goes on");
        kiosk.screen("face");
        for (String frame : hands.receivedTexts()) {
            assertFalse(frame.contains(front.verificationCodeB()), "照合番号B is never sent to a client");
        }
    }

    @Test
    void noCardIsACalmHintAndACodeTheCardRefusesHandsOverToStaff() throws Exception {
        CardFront misprinted = new CardFront(front.name(), front.address(), front.birthDate(), false, front.sex(),
                front.expiry(), "4322"); // what a misread security code would give
        Path video = new CardFrontVideo().nothing(3.5).card(misprinted, 3).write("fake-camera-card-front-misread");
        WsTestClient hands = start(video);
        console = Browser.start();
        console.open(f.daemon.baseUrl() + "/console#token=" + SimulationClients.STAFF_TOKEN);
        f.insert(hands, R0, "default");
        kiosk.screen("choose");
        kiosk.click("button[data-mode='face']");
        kiosk.screen("cardfront");
        cameraPlaying();

        new WebDriverWait(kiosk.driver, Duration.ofSeconds(30), Duration.ofMillis(100))
                .until(d -> d.findElement(By.id("screen")).getText().contains("カードが見えません"));
        waitFor(CardFrontVideo.NOTHING);
        fitsTheScreen(kiosk);
        kiosk.screenshot("kiosk-card-front-unreadable");
        kiosk.assertAccessible("kiosk card front, not read");
        console.until(d -> console.text("[data-reader='" + R0 + "']").contains("前回の画像"));
        assertTrue(console.text("[data-reader='" + R0 + "']").contains("カメラで読み取り中"));
        console.js("arguments[0].scrollIntoView()", console.find("[data-reader='" + R0 + "']"));
        console.screenshot("console-card-front-waiting");
        kiosk.click("#lang"); // English is longer: it must fit too
        kiosk.until(d -> kiosk.text("#screen").contains("Hold the front of your card"));
        fitsTheScreen(kiosk);
        kiosk.screenshot("kiosk-card-front-en");
        kiosk.click("#lang");

        // the misprinted card is read, the card refuses it: staff take over
        new WebDriverWait(kiosk.driver, Duration.ofSeconds(45), Duration.ofMillis(100))
                .until(d -> "cardcode".equals(d.findElement(By.id("screen")).getAttribute("data-screen")));
        assertTrue(kiosk.text("#screen").contains("職員が照合番号を入力します"), kiosk.text("#screen"));
        fitsTheScreen(kiosk);
        kiosk.screenshot("kiosk-card-front-staff-types");
        String card = "[data-reader='" + R0 + "']";
        console.until(d -> console.text(card).contains("昭和60年**月**日生・2034年まで有効・セキュリティコード ****"));
        assertTrue(console.text(card).contains("残り 9 回"), console.text(card));
        assertTrue(console.text(card).contains("職員が入力"), console.text(card));
        assertFalse(console.text(card).contains("4322"), "the console shows the masked reading only");
        console.js("arguments[0].scrollIntoView()", console.find(card));
        console.screenshot("console-card-front-read");
        console.assertAccessible("console card front");
        console.find("form[data-form='cardcode'] input").sendKeys(CardCodeEntryTest.CODE);
        console.click("button[data-action='card-code-submit']");
        kiosk.screen("face");
        JsonNode ready = hands.await(WsTestClient.sessionIn(R0, "face_in_progress"));
        assertEquals("face", ready.path("mode").asText());
    }
}
