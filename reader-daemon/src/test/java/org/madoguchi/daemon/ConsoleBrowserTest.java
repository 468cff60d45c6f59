package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.DaemonFixture.R1;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.security.SimulationClients;
import org.madoguchi.simulator.reader.SimulatedReaderBackend;

/** The reception console in a real headless Chromium: readers, document proofs, history, alerts. */
class ConsoleBrowserTest {
    private static Browser b;

    @BeforeAll
    static void browser() throws Exception {
        b = Browser.start();
    }

    @AfterAll
    static void quit() {
        if (b != null) {
            b.close();
        }
    }

    private static String card(String reader) {
        return "article[data-reader='" + reader + "']";
    }

    @Test
    void twoReadersAppearAndDisappearAndADocumentProofIsRecorded() throws Exception {
        AtomicReference<SimulatedReaderBackend> backend = new AtomicReference<>();
        DaemonSettings settings = DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 2)
                .withBackendWrapper(rb -> {
                    if (rb instanceof SimulatedReaderBackend s) {
                        backend.set(s);
                    }
                    return rb;
                });
        try (DaemonFixture f = new DaemonFixture(settings, true)) {
            WsTestClient staff = f.client("test-hands");
            b.open(f.daemon.baseUrl() + "/console#token=" + SimulationClients.STAFF_TOKEN);
            b.find(card(R0));
            b.find(card(R1));
            f.placeAndChoose(staff, R0, "default");
            f.placeAndChoose(staff, R1, "pin-blocked");
            b.until(d -> b.text(card(R0)).contains("方法の選択待ち") && b.text(card(R1)).contains("ロック中"));
            b.screenshot("console-overview");
            b.assertAccessible("console-overview");

            // A document proof for the live session on R1: it ends verified by document.
            b.click(card(R1) + " button[data-action='document']");
            b.find(card(R1) + " select[name='document']").sendKeys("資格確認書");
            b.find(card(R1) + " input[name='staff']").sendKeys("受付 鈴木");
            b.screenshot("console-document-record");
            b.assertAccessible("console-document-record");
            b.click(card(R1) + " button[data-action='document-submit']");
            JsonNode r = staff.await(WsTestClient.resultOn(R1));
            assertEquals("document", r.path("method").asText());
            assertEquals("shikaku_kakuninsho", r.path("document").asText());
            b.until(d -> b.text("#history").contains("資格確認書"));

            // A reader unplugged: an alert and a dashed card; plugged back: the alert goes.
            if (backend.get() != null) {
                backend.get().removeReader(R1);
                b.until(d -> b.text("#alerts").contains(R1));
                b.until(d -> b.text(card(R1)).contains("外れています"));
                b.screenshot("console-reader-detached");
                b.assertAccessible("console-reader-detached");
                String added = backend.get().addReader();
                b.find(card(added));
            }
        }
    }

    @Test
    void theConsoleAlertsWhenTheAuditFileCannotBeWrittenAndSaysSoOnConnect() throws Exception {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "needs Linux's /dev/full");
        DaemonConfig config = DaemonConfig.defaults().withPort(0).withAuditFile(full.toString());
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(config, 1)).withoutAuditCheck()) {
            WsTestClient staff = f.client("test-hands");
            b.open(f.daemon.baseUrl() + "/console#token=" + SimulationClients.STAFF_TOKEN);
            b.find(card(R0));
            assertTrue(!String.valueOf(b.js("return document.querySelector('#alerts').textContent")).contains("監査"),
                    "no alert while the audit is fine");
            f.insert(staff, R0, "not-my-number"); // a session that ends at once: one audit record
            staff.await(WsTestClient.resultOn(R0));
            JsonNode service = staff.await(m -> m.path("type").asText().equals("service"));
            assertEquals("failing", service.path("audit").asText(), service::toString);
            b.until(d -> b.text("#alerts").contains("監査ログを書き込めません"));
            b.screenshot("console-audit-failing");
            b.assertAccessible("console-audit-failing");

            // A console opened now learns it from welcome, without waiting for a change.
            b.open(f.daemon.baseUrl() + "/console");
            b.find(card(R0));
            b.until(d -> b.text("#alerts").contains("監査ログを書き込めません"));
        }
    }

    @Test
    void historySurvivesARestart() throws Exception {
        Path dir = Files.createTempDirectory("madoguchi-history");
        Path audit = dir.resolve("audit.jsonl");
        DaemonConfig config = DaemonConfig.defaults().withPort(0).withAuditFile(audit.toString());
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(config, 1), false)) {
            WsTestClient staff = f.client("test-hands");
            JsonNode s = f.placeAndChoose(staff, R0, "default");
            f.ok(staff, "type", "chooseMode", "session", s.path("session").asText(), "mode", "pin");
            staff.await(WsTestClient.sessionIn(R0, "pin_entry"));
            JsonNode answer = f.submitPin(staff, s.path("session").asText(), "1234");
            assertEquals("reply", answer.path("type").asText());
            staff.await(WsTestClient.resultOn(R0));
            f.remove(staff, R0);
            f.ok(staff, "type", "recordDocument", "reader", R0, "document", "mynaportal", "staff", "受付 田中");
        }
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(config, 1), false).withoutAuditCheck()) {
            b.open(f.daemon.baseUrl() + "/console#token=" + SimulationClients.STAFF_TOKEN);
            b.until(d -> b.driver.findElements(org.openqa.selenium.By.cssSelector("#history tbody tr[data-session]"))
                    .size() == 2);
            String history = b.text("#history");
            assertTrue(history.contains("暗証番号") && history.contains("マイナポータル"), history);
            b.screenshot("console-history");
            b.assertAccessible("console-history");
        }
    }

    @Test
    void aTokenThatIsNotStaffGetsTheTokenFormAgain() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1))) {
            b.open(f.daemon.baseUrl() + "/console");
            b.forgetStorage();
            b.open(f.daemon.baseUrl() + "/console");
            b.find("#token-form");
            b.screenshot("console-token");
            b.assertAccessible("console-token");
            b.open(f.daemon.baseUrl() + "/console#token=" + SimulationClients.KIOSK_TOKEN);
            b.until(d -> b.text("#token-form").contains("スタッフ用ではありません"));
            assertTrue(!b.driver.getCurrentUrl().contains("token="), "the token leaves the address bar");
            b.screenshot("console-wrong-token");
            b.find("#token").sendKeys(SimulationClients.STAFF_TOKEN);
            b.click("#token-form button[type='submit']");
            b.find(card(R0));
        }
    }

    @Test
    void startPageLinksTheSimulatorTokensOnlyInSimulateMode() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1))) {
            b.open(f.daemon.baseUrl() + "/");
            b.find("#sim-kiosk");
            b.until(d -> b.text("#status").contains("稼働中"));
            b.screenshot("start-page");
            b.assertAccessible("start-page");
        }
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.production(DaemonConfig.defaults().withPort(0)
                .withBackend(org.madoguchi.daemon.config.BackendKind.JDK)))) {
            b.open(f.daemon.baseUrl() + "/");
            b.until(d -> b.text("#status").contains("稼働中"));
            assertTrue(!b.find("#kiosk-link").getAttribute("href").contains("token"));
            assertEquals(Boolean.FALSE, b.js("return document.getElementById('simulate').checkVisibility()"));
        }
    }
}
