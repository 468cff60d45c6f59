package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.R0;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.FaceConfig;
import org.madoguchi.daemon.security.SimulationClients;
import org.openqa.selenium.By;

/**
 * The kiosk's face flow end to end in Chromium on a 1280×720 screen, with a fake camera that plays
 * real photos of one man turning his head (made at test time, never committed): his photo on the
 * simulated card verifies, another man's card does not. And typed 照合番号B: the kiosk's calm screen
 * while staff type the code in the console's form.
 */
@Timeout(240)
class KioskFaceBrowserTest {
    private static Browser kiosk;
    private static Browser console;
    private DaemonFixture f;

    @BeforeAll
    static void browsers() throws Exception {
        Browser.assumeChromium();
        // 30 frames a second (Chromium plays the file at the camera's rate): 0.4 s left, 0.2 s ahead, 0.4 s
        // right, 0.2 s ahead; the kiosk's 5 frames 350 ms apart always catch both sides.
        Path video = FaceVideo.make("fake-camera-salley", new String[] {RealFaces.SALLEY_CAMERA[0],
            RealFaces.SALLEY_CAMERA[1], RealFaces.SALLEY_CAMERA[2], RealFaces.SALLEY_CAMERA[1]}, new int[] {12, 6, 12, 6});
        kiosk = Browser.start(video);
        kiosk.size(1280, 720);
    }

    @AfterAll
    static void quit() {
        if (kiosk != null) {
            kiosk.close();
        }
        if (console != null) {
            console.close();
        }
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private WsTestClient start(DaemonConfig config) throws Exception {
        f = new DaemonFixture(DaemonSettings.simulated(config.withPort(0), 1));
        kiosk.open(f.daemon.baseUrl() + "/kiosk#token=" + SimulationClients.KIOSK_TOKEN);
        return f.client("test-hands");
    }

    private void cameraPlaying() {
        kiosk.until(d -> Boolean.TRUE.equals(kiosk.js("const v = document.querySelector('#camera video');"
                + " return !!v && v.readyState >= 2 && v.videoWidth > 0")));
    }

    /** The whole face screen is visible at 1280×720: nothing scrolls, the buttons are on screen. */
    private void fitsTheScreen() {
        assertEquals(720L, ((Number) kiosk.js("return window.innerHeight")).longValue(), "the viewport is 720 high");
        assertTrue(Boolean.TRUE.equals(kiosk.js("return document.documentElement.scrollHeight <= window.innerHeight"
                + " && document.documentElement.scrollWidth <= window.innerWidth")), "the face screen scrolls at 1280×720");
        for (var button : kiosk.driver.findElements(By.cssSelector("#screen button"))) {
            assertTrue(Boolean.TRUE.equals(kiosk.js("const r = arguments[0].getBoundingClientRect();"
                    + " return r.top >= 0 && r.bottom <= window.innerHeight", button)), "button cut off: " + button.getText());
        }
    }

    private void toFace(WsTestClient hands, String cardPhoto) throws Exception {
        f.ok(hands, "type", "sim.insert", "reader", R0, "profile", "default", "photo", RealFaces.base64(cardPhoto));
        kiosk.screen("choose");
        kiosk.click("button[data-mode='face']");
        kiosk.screen("face");
        kiosk.find("#capture");
        cameraPlaying();
        Thread.sleep(300); // let the preview show a picture for the screenshot
    }

    @Test
    void theCardHoldersFaceVerifiesAndTheScreenFits() throws Exception {
        WsTestClient hands = start(DaemonConfig.defaults());
        toFace(hands, RealFaces.SALLEY_CARD);
        fitsTheScreen();
        kiosk.screenshot("kiosk-face-720");
        kiosk.click("#capture");
        kiosk.until(d -> kiosk.text("#screen").contains("まばたきをしてください"));
        kiosk.screenshot("kiosk-face-blink");
        fitsTheScreen();
        JsonNode result = hands.await(WsTestClient.resultOn(R0));
        assertEquals("verified", result.path("outcome").asText(), result::toString);
        assertEquals("face", result.path("method").asText());
        assertEquals("live", result.path("face").path("liveness").asText(), result::toString);
        System.out.println("kiosk burst of the card holder: " + result.path("face"));
        kiosk.screen("done");
        kiosk.screenshot("kiosk-face-done");
    }

    @Test
    void anotherPersonsCardIsAMismatchTheKioskExplains() throws Exception {
        WsTestClient hands = start(DaemonConfig.defaults());
        toFace(hands, RealFaces.SIMM_CARD);
        kiosk.click("#capture");
        kiosk.until(d -> kiosk.text("#screen").contains("顔が一致しませんでした"));
        kiosk.find("#capture");
        assertTrue(kiosk.text("#screen").contains("顔を確認できませんでした"), kiosk.text("#screen"));
        assertTrue(kiosk.text("#attempts").contains("2 / 3"), kiosk.text("#attempts"));
        assertTrue(kiosk.text("#capture").contains("もう一度撮影する"));
        fitsTheScreen();
        kiosk.screenshot("kiosk-face-mismatch-real");
        kiosk.assertAccessible("kiosk");
        kiosk.click("#lang"); // English is longer: it must fit too
        kiosk.until(d -> kiosk.text("#screen").contains("Take photos again"));
        assertTrue(kiosk.text("#screen").contains("The face did not match"), kiosk.text("#screen"));
        kiosk.screenshot("kiosk-face-mismatch-real-en");
        fitsTheScreen();
        kiosk.click("#lang");
    }

    @Test
    void staffTypeTheCardCodeInTheConsoleWhileTheKioskAsksThePatientToWait() throws Exception {
        DaemonConfig config = DaemonConfig.defaults();
        WsTestClient hands = start(config.withFace(config.face().withCardCode(FaceConfig.CardCode.TYPED)));
        if (console == null) {
            console = Browser.start();
        }
        console.open(f.daemon.baseUrl() + "/console#token=" + SimulationClients.STAFF_TOKEN);
        f.ok(hands, "type", "sim.insert", "reader", R0, "profile", "default", "photo",
                RealFaces.base64(RealFaces.SALLEY_CARD));
        kiosk.screen("choose");
        kiosk.click("button[data-mode='face']");
        kiosk.screen("cardcode");
        assertTrue(kiosk.text("#screen").contains("職員が照合番号を入力します"), kiosk.text("#screen"));
        assertTrue(kiosk.driver.findElements(By.cssSelector("#screen input")).isEmpty(), "the patient types nothing");
        fitsTheScreen();
        kiosk.screenshot("kiosk-card-code-wait");
        kiosk.assertAccessible("kiosk");

        var input = console.find("form[data-form='cardcode'] input");
        assertEquals("password", input.getAttribute("type"), "masked as typed");
        input.sendKeys("6004-0120-3443-22x"); // a slip: letters and dashes are dropped, the last digit is wrong
        assertEquals("60040120344322", input.getAttribute("value"));
        assertTrue(console.text("form[data-form='cardcode']").contains("14 / 14"));
        console.click("button[data-action='card-code-submit']");
        assertEquals("", input.getAttribute("value"), "the field is emptied at once");
        console.until(d -> console.text("[data-reader='" + R0 + "']").contains("残り 9 回"));
        assertTrue(console.text("[data-reader='" + R0 + "']").contains("照合番号がカードと合いませんでした"));
        console.screenshot("console-card-code");
        console.assertAccessible("console card code");
        console.find("form[data-form='cardcode'] input").sendKeys(CardCodeEntryTest.CODE);
        console.click("button[data-action='card-code-submit']");
        kiosk.screen("face");
        cameraPlaying();
        console.until(d -> d.findElements(By.cssSelector("form[data-form='cardcode']")).isEmpty()); // the form goes
        kiosk.click("#capture");
        JsonNode result = hands.await(WsTestClient.resultOn(R0));
        assertEquals("verified", result.path("outcome").asText(), result::toString);
        kiosk.screen("done");
    }
}
