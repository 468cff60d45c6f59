package org.madoguchi.simulator.vpcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.simulator.vpcd.PcscdSupport.waitFor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.PinStatus;
import org.madoguchi.driver.card.Secret;
import org.madoguchi.driver.card.VerifyOutcome;
import org.madoguchi.driver.card.TokenKind;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.driver.pcsc.jna.JnaReaderBackend;
import org.madoguchi.driver.testing.ApduScript;
import org.madoguchi.simulator.card.FaultSettings;
import org.madoguchi.simulator.card.JpkiApplication;
import org.madoguchi.simulator.card.MyNumberCardSim;
import org.madoguchi.simulator.card.Profiles;

/**
 * The simulated card through the real pcscd on vpcd slot 1 ({@code Virtual PCD 00 01}, port
 * 35964): pcsc_scan sees its ATR, the reference transcripts (docs/card.md §13) replay status word
 * for status word, and the injected faults reach the PC/SC client. Needs a running pcscd
 * (docs/simulator.md); skipped without one.
 */
@Timeout(90)
class VpcdSlotOneTest {
    private static final int SLOT = 1;
    private static final String READER = PcscdSupport.readerName(SLOT);
    private static JnaReaderBackend backend;
    private VpcdCard vpcd;

    @BeforeAll
    static void openBackend() {
        if (java.nio.file.Files.exists(PcscdSupport.PCSCD_SOCKET)) {
            backend = new JnaReaderBackend();
        }
    }

    @AfterAll
    static void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    @BeforeEach
    void pcscd() {
        PcscdSupport.assumePcscd();
    }

    @org.junit.jupiter.api.AfterEach
    void removeCard() throws Exception {
        if (vpcd != null) {
            vpcd.stop();
            waitFor(backend, READER, false, Duration.ofSeconds(5));
        }
    }

    /** Inserts the card into slot 1 and waits until pcscd shows it. */
    private MyNumberCardSim insert(MyNumberCardSim card) throws Exception {
        assertTrue(waitFor(backend, READER, false, Duration.ofSeconds(5)).isPresent(), "no card left over");
        vpcd = VpcdCard.forSlot(SLOT);
        vpcd.insert(card);
        vpcd.start();
        assertTrue(waitFor(backend, READER, true, Duration.ofSeconds(5)).isPresent(), READER + " shows the card");
        return card;
    }

    @Test
    void pcscScanShowsTheAtr() throws Exception {
        insert(Profiles.create("juki"));
        Process p = new ProcessBuilder("pcsc_scan", "-c", "-t", "2").redirectErrorStream(true).start();
        String output;
        try {
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new AssertionError("pcsc_scan (pcsc-tools) is part of the pcscd test set-up in docs/simulator.md", e);
        } finally {
            p.destroy();
        }
        int at = output.indexOf(READER);
        assertTrue(at >= 0, output);
        assertTrue(output.substring(at).contains("ATR: 3B 88 80 01 00 00 14 E0 B3 81 91 00 5E"), output);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"A-detect-and-identify.apdu", "B-pin-signature.apdu", "C-lockout.apdu",
        "D-face-photo.apdu", "E-sign-cert-without-password.apdu", "F-face-only-card.apdu"})
    void transcriptsReplayThroughPcscd(String file) throws Exception {
        ApduScript t = ApduScript.load("/transcripts/" + file);
        insert(Profiles.create(t.profile()));
        try (CardConnection c = backend.connect(READER, ShareMode.EXCLUSIVE)) {
            assertEquals("", t.replay(c));
        }
    }

    @Test
    void aLinkDropDuringVerifyReachesTheClient() throws Exception {
        MyNumberCardSim card = Profiles.create("default");
        card.faults().update(f -> f.withVerifyDrop(FaultSettings.VerifyDrop.AFTER_COUNT));
        insert(card);
        vpcd.reinsertAfterDrop(Duration.ofMillis(500));
        try (CardConnection c = backend.connect(READER, ShareMode.SHARED);
                Secret pin = Secret.authPin("9999".toCharArray())) {
            // Through vpcd 0.8 the socket closing mid-APDU reaches the client as an empty response
            // (docs/simulator.md, pcscd in CI, pitfall 4), which the driver reports as a lost link: outcome unknown.
            VerifyOutcome o = new MyNumberCard(c, CardLayout.RSA_2016).verifyPin(pin);
            assertEquals(org.madoguchi.driver.pcsc.PcscError.CARD_REMOVED,
                    assertInstanceOf(VerifyOutcome.OutcomeUnknown.class, o).cause());
        }
        assertEquals(2, card.state().triesLeft(JpkiApplication.AUTH_PIN));
        assertTrue(waitFor(backend, READER, false, Duration.ofSeconds(5)).isPresent(), "pcscd saw the card leave");
        assertTrue(waitFor(backend, READER, true, Duration.ofSeconds(5)).isPresent(), "and come back");
        try (CardConnection c = backend.connect(READER, ShareMode.SHARED)) {
            assertEquals(new PinStatus.Remaining(2), new MyNumberCard(c, CardLayout.RSA_2016).pinStatus());
        }
    }

    @Test
    void getResponseAndWrongLeThroughPcscd() throws Exception {
        MyNumberCardSim card = Profiles.create("android");
        card.faults().update(f -> f.withGetResponse(true).withWrongLength(true).withFailAfterPowerUp(false));
        insert(card);
        LongAdder apdus = new LongAdder();
        try (CardConnection c = backend.connect(READER, ShareMode.SHARED)) {
            MyNumberCard driver = MyNumberCard.over(c, CardLayout.RSA_2016, apdus);
            assertEquals(TokenKind.ANDROID_TOKEN, driver.identify().kind());
            assertEquals(new PinStatus.Remaining(3), driver.pinStatus());
        }
        assertTrue(apdus.sum() >= 6, "GET RESPONSEs reached the card: " + apdus.sum());
    }
}
