package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.R0;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.security.SimulationClients;

/**
 * The patient kiosk in a real headless Chromium against the daemon in --simulate (consent on, as in
 * production): every flow end to end, screenshots of every screen, and axe-core on each.
 */
class KioskBrowserTest {
    private static Browser kiosk;
    private static Browser console;
    private DaemonFixture f;
    private WsTestClient staff;

    @BeforeAll
    static void browsers() throws Exception {
        kiosk = Browser.start();
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

    @BeforeEach
    void daemon() throws Exception {
        f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 2), true);
        staff = f.client("test-hands");
        kiosk.open(f.daemon.baseUrl() + "/kiosk#token=" + SimulationClients.KIOSK_TOKEN);
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private void pin(String digits) {
        kiosk.screen("pin");
        for (char c : digits.toCharArray()) {
            kiosk.click("button[data-digit='" + c + "']");
        }
        kiosk.click("#pin-ok");
    }

    private void answerConsent(boolean... answers) {
        for (int i = 0; i < answers.length; i++) {
            int n = i + 1;
            kiosk.until(d -> kiosk.text("#consent-progress").contains(n + " / "));
            kiosk.click(answers[i] ? "button[data-answer='yes']" : "button[data-answer='no']");
        }
    }

    private void shot(String name) throws Exception {
        kiosk.screenshot(name);
        kiosk.assertAccessible(name);
    }

    @Test
    void pinRightThenConsentAnswersArriveInTheResult() throws Exception {
        kiosk.screen("idle");
        assertFalse(kiosk.driver.getCurrentUrl().contains("token"), "the token leaves the address bar");
        assertEquals(SimulationClients.KIOSK_TOKEN, kiosk.js("return localStorage.getItem('madoguchi.kiosk.token')"));
        shot("kiosk-idle");
        kiosk.click("#lang");
        kiosk.until(d -> kiosk.text("h1").contains("My Number card"));
        shot("kiosk-idle-en");
        kiosk.click("#lang");
        kiosk.until(d -> kiosk.text("h1").contains("マイナンバーカード"));

        f.insert(staff, R0, "default");
        kiosk.screen("choose");
        shot("kiosk-choose");
        kiosk.click("button[data-mode='pin']");
        kiosk.screen("pin");
        assertTrue(kiosk.text("#tries").contains("残り 3 回"), "tries left before entry");
        kiosk.click("button[data-digit='1']");
        kiosk.click("button[data-digit='2']");
        shot("kiosk-pin");
        kiosk.click("#pin-delete");
        kiosk.click("button[data-digit='2']");
        kiosk.click("button[data-digit='3']");
        kiosk.driver.findElement(org.openqa.selenium.By.tagName("body")).sendKeys("4");
        kiosk.until(d -> kiosk.js("return document.querySelectorAll('#dots .filled').length").equals(4L));
        assertEquals(0L, kiosk.js("return [...document.querySelectorAll('input')].filter(i => i.value).length"));
        kiosk.click("#pin-ok");

        kiosk.screen("consent");
        assertFalse(((String) kiosk.js("return document.documentElement.outerHTML")).contains("1234"));
        shot("kiosk-consent");
        answerConsent(true, false, true, true);
        JsonNode result = staff.await(WsTestClient.resultOn(R0));
        assertEquals("verified", result.path("outcome").asText());
        assertEquals("pin", result.path("method").asText());
        assertEquals("{\"medication\":true,\"treatment\":false,\"health_checkup\":true,\"cost_limit\":true}",
                result.path("consent").toString());
        kiosk.screen("done");
        shot("kiosk-done");
        f.remove(staff, R0);
        kiosk.screen("idle");
    }

    @Test
    void faceWithTheFakeCameraMismatchThenMatch() throws Exception {
        f.insert(staff, R0, "default");
        f.ok(staff, "type", "sim.face", "reader", R0, "outcome", "mismatch");
        kiosk.screen("choose");
        kiosk.click("button[data-mode='face']");
        kiosk.screen("face");
        kiosk.until(d -> Boolean.TRUE.equals(kiosk.js("const v = document.querySelector('#camera video');"
                + " return !!v && v.readyState >= 2 && v.videoWidth > 0")));
        kiosk.find("#capture");
        shot("kiosk-face");
        kiosk.click("#capture");
        kiosk.until(d -> kiosk.text("#screen").contains("顔が一致しませんでした"));
        kiosk.find("#capture");
        assertTrue(kiosk.text("#attempts").contains("2 / 3"), kiosk.text("#attempts"));
        shot("kiosk-face-mismatch");
        f.ok(staff, "type", "sim.face", "reader", R0, "outcome", "match");
        kiosk.click("#capture");
        kiosk.screen("consent");
        answerConsent(true, true, true, true);
        JsonNode result = staff.await(WsTestClient.resultOn(R0));
        assertEquals("face", result.path("method").asText());
        assertEquals(4, result.path("consent").size());
        kiosk.screen("done");
    }

    @Test
    void wrongWrongConfirmWrongBlocksAndTheConsoleConfirmsVisually() throws Exception {
        if (console == null) {
            console = Browser.start();
        }
        console.open(f.daemon.baseUrl() + "/console#token=" + SimulationClients.STAFF_TOKEN);
        console.find("article[data-reader='" + R0 + "']");

        f.insert(staff, R0, "default");
        kiosk.screen("choose");
        kiosk.click("button[data-mode='pin']");
        pin("9999");
        kiosk.until(d -> kiosk.text("#tries").contains("残り 2 回"));
        kiosk.until(d -> kiosk.text("#screen").contains("暗証番号が違います"));
        shot("kiosk-pin-wrong");
        pin("9998");
        kiosk.screen("lasttry");
        shot("kiosk-last-try");
        assertTrue(kiosk.driver.findElements(org.openqa.selenium.By.cssSelector("button[data-digit]")).isEmpty(),
                "no keypad before the last try is confirmed");
        kiosk.click("#confirm-last-try");
        kiosk.screen("pin");
        assertTrue(kiosk.text("#tries").contains("残り 1 回"));
        pin("9997");
        kiosk.screen("blocked");
        assertTrue(kiosk.text("#screen").contains("受付の職員にお声がけください"));
        shot("kiosk-blocked");

        console.until(d -> console.text("#alerts").contains("暗証番号がロックされました"));
        console.screenshot("console-alert");
        console.assertAccessible("console-alert");
        console.click("article[data-reader='" + R0 + "'] button[data-action='confirm-visual']");
        console.find("form[data-form='visual'] input[name='staff']").sendKeys("受付 佐藤");
        console.find("form[data-form='visual'] textarea").sendKeys("券面の写真と照合");
        console.screenshot("console-visual-confirm");
        console.assertAccessible("console-visual-confirm");
        console.click("button[data-action='confirm-visual-submit']");

        kiosk.screen("consent");
        answerConsent(false, false, false, false);
        JsonNode result = staff.await(WsTestClient.resultOn(R0));
        assertEquals("visual", result.path("method").asText());
        assertEquals("受付 佐藤", result.path("staff").asText());
        kiosk.screen("done");
        console.until(d -> console.text("#history").contains("目視確認"));
        assertEquals("受付 佐藤", console.js("return localStorage.getItem('madoguchi.console.staff')"),
                "the staff name is remembered");
    }

    @Test
    void cardPulledMidPinReturnsToIdleWithNoDigitLeft() throws Exception {
        f.insert(staff, R0, "default");
        kiosk.screen("choose");
        kiosk.click("button[data-mode='pin']");
        kiosk.screen("pin");
        kiosk.click("button[data-digit='5']");
        kiosk.click("button[data-digit='6']");
        f.remove(staff, R0);
        kiosk.screen("ended");
        assertTrue(kiosk.text("#screen").contains("カードが取り外されました"));
        shot("kiosk-card-removed");
        kiosk.screen("idle");
        f.insert(staff, R0, "default");
        kiosk.screen("choose");
        kiosk.click("button[data-mode='pin']");
        kiosk.screen("pin");
        assertEquals(0L, kiosk.js("return document.querySelectorAll('#dots .filled').length"), "no digit carried over");
    }

    @Test
    void errorsVisualPendingAndLastTryScreens() throws Exception {
        f.insert(staff, R0, "iphone");
        kiosk.screen("ended");
        assertTrue(kiosk.text("#screen").contains("マイナンバーカードをお使いください"));
        shot("kiosk-error");
        f.remove(staff, R0);
        kiosk.screen("idle");

        JsonNode s = f.placeAndChoose(staff, R0, "default");
        kiosk.screen("choose");
        f.ok(staff, "type", "requestVisual", "session", s.path("session").asText());
        kiosk.screen("visual");
        shot("kiosk-visual-pending");
        f.remove(staff, R0);
        kiosk.screen("ended");
        kiosk.screen("idle");

        f.insert(staff, R0, "pin-last-try");
        kiosk.screen("choose");
        kiosk.click("button[data-mode='pin']");
        kiosk.screen("lasttry");
        kiosk.screen("lasttry");
        f.insert(staff, R0, "face-only");
        kiosk.screen("choose");
        assertTrue(kiosk.driver.findElements(org.openqa.selenium.By.cssSelector("button[data-mode='pin']")).isEmpty(),
                "only allowedModes are offered");
        kiosk.screenshot("kiosk-choose-face-only");
    }

    @Test
    void aWrongTokenGetsAScreenThatSaysWhatToDo() throws Exception {
        kiosk.open(f.daemon.baseUrl() + "/kiosk#token=not-a-token");
        kiosk.screen("wrongtoken");
        assertTrue(kiosk.text("#screen").contains("受付の職員にお声がけください"));
        shot("kiosk-wrong-token");
        kiosk.click("#screen button");
        kiosk.screen("wrongtoken"); // no token at all: still an observer
        assertEquals(null, kiosk.js("return localStorage.getItem('madoguchi.kiosk.token')"));
    }
}
