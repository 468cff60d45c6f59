package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven by Selenium for the browser tests: Debian's {@code /usr/bin/chromium}
 * and {@code /usr/bin/chromedriver} (never a downloaded driver), a fresh profile, a fake camera
 * playing a generated video, screenshots into {@code target/screenshots/}, and the axe-core check.
 * Tests that need it are skipped (with a reason) where Chromium is not installed.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("madoguchi.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("madoguchi.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Path AXE = Path.of("target", "axe-core", "package", "axe.min.js");
    static final Duration WAIT = Duration.ofSeconds(15);

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test where Debian's chromium and chromedriver are not installed. */
    static void assumeChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no " + CHROMIUM + " / " + CHROMEDRIVER + " (apt-get install chromium chromium-driver): browser test skipped");
    }

    static Browser start() throws IOException {
        assumeChromium();
        return start(FakeCamera.file());
    }

    /** A browser whose fake camera plays {@code video} (a .y4m file), looping. */
    static Browser start(Path video) throws IOException {
        assumeChromium();
        // Selenium Manager (which would download a driver) is never asked: both paths are given.
        System.setProperty("SE_MANAGER_PATH", "/nonexistent-selenium-manager");
        Path profile = Files.createTempDirectory("madoguchi-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=ja",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-video-capture=" + video, "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    /** Loads the page afresh (a URL that differs only in its fragment would not reload it). */
    void open(String url) {
        driver.get("about:blank");
        driver.get(url);
    }

    /** Waits for {@code condition}; an element the page replaced meanwhile (it re-renders on every event) is looked up again. */
    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(50))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }

    /** Waits until the kiosk shows this screen (its data-screen attribute). */
    void screen(String name) {
        until(d -> name.equals(d.findElement(By.id("screen")).getAttribute("data-screen")));
    }

    WebElement find(String css) {
        return until(d -> displayed(d, css));
    }

    private static WebElement displayed(WebDriver d, String css) {
        List<WebElement> found = d.findElements(By.cssSelector(css));
        return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    }

    /** Clicks the element once it is shown and enabled (found again if the page re-rendered it meanwhile). */
    void click(String css) {
        until(d -> {
            WebElement e = displayed(d, css);
            if (e == null || !e.isEnabled()) {
                return null;
            }
            e.click();
            return true;
        });
    }

    String text(String css) {
        return until(d -> {
            WebElement e = displayed(d, css);
            return e == null ? null : e.getText();
        });
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncJs(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Sets the viewport exactly (through the DevTools protocol), e.g. a 1280×720 kiosk screen. */
    void size(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
    }

    /** Saves {@code target/screenshots/NAME.png}. */
    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }

    /**
     * Runs axe-core on the page as it is now and fails on any serious or critical violation. The
     * script is injected by the driver (not through the page), so the page's CSP does not stop it.
     */
    void assertAccessible(String what) throws IOException {
        assumeTrue(Files.isReadable(AXE), "axe-core not fetched (mvn generate-test-resources)");
        if (!Boolean.TRUE.equals(js("return typeof window.axe === 'object'"))) {
            js(Files.readString(AXE, StandardCharsets.UTF_8));
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) asyncJs(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({"
                        + "id: v.id, impact: v.impact, help: v.help,"
                        + "nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))), e => done([{id: 'axe-error',"
                        + "impact: 'critical', help: String(e), nodes: []}]));");
        List<String> bad = new ArrayList<>();
        for (Map<String, Object> v : violations) {
            String impact = String.valueOf(v.get("impact"));
            if (impact.equals("serious") || impact.equals("critical")) {
                bad.add(v.get("id") + " (" + impact + "): " + v.get("help") + " at " + v.get("nodes"));
            }
        }
        assertEquals(List.of(), bad, "axe-core: serious or critical violations on " + what);
    }

    /** Clears the origin's storage (stored tokens, language, staff name) for a test that starts afresh. */
    void forgetStorage() {
        js("try { localStorage.clear(); } catch (e) {}");
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary profile
            }
        }
    }

    /**
     * A generated test video for Chromium's fake camera: a light background with a face-like oval
     * (no real face; the simulator's matcher is steered by {@code sim.face}, not by the picture).
     */
    static final class FakeCamera {
        private static final int W = 320;
        private static final int H = 240;

        static Path file() throws IOException {
            Path f = Path.of("target", "fake-camera.y4m");
            if (Files.exists(f)) {
                return f.toAbsolutePath();
            }
            Files.createDirectories(f.getParent());
            try (OutputStream out = Files.newOutputStream(f)) {
                out.write(("YUV4MPEG2 W" + W + " H" + H + " F10:1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
                for (int frame = 0; frame < 10; frame++) {
                    out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] y = new byte[W * H];
                    for (int row = 0; row < H; row++) {
                        for (int col = 0; col < W; col++) {
                            double dx = (col - W / 2.0) / 60.0;
                            double dy = (row - H / 2.0 - frame) / 80.0;
                            boolean face = dx * dx + dy * dy <= 1;
                            boolean eye = Math.abs(row - (H / 2 - 25 + frame)) < 6
                                    && (Math.abs(col - (W / 2 - 22)) < 8 || Math.abs(col - (W / 2 + 22)) < 8);
                            y[row * W + col] = (byte) (eye ? 40 : face ? 170 : 225);
                        }
                    }
                    out.write(y);
                    byte[] u = new byte[W * H / 4];
                    byte[] v = new byte[W * H / 4];
                    java.util.Arrays.fill(u, (byte) 118);
                    java.util.Arrays.fill(v, (byte) 140);
                    out.write(u);
                    out.write(v);
                }
            }
            return f.toAbsolutePath();
        }
    }
}
