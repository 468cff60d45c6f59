package org.madoguchi.simulator.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.simulator.card.Apdus.SELECT_JPKI;
import static org.madoguchi.simulator.card.Apdus.expect;
import static org.madoguchi.simulator.card.Apdus.expectSw;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.madoguchi.driver.apdu.Transports;
import org.madoguchi.driver.card.CardIdentity;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.TokenKind;

/** Each fault on the card itself (the reader-level effects are in the reader and vpcd tests). */
class FaultInjectionTest {
    private static final String SIGN_ABC = "80 2A 00 80 33 30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20 "
            + "BA 78 16 BF 8F 01 CF EA 41 41 40 DE 5D AE 22 23 B0 03 61 A3 96 17 7A 9C B4 10 FF 61 F2 00 15 AD 00";

    private MyNumberCardSim card;

    @BeforeEach
    void insert() throws Exception {
        card = Profiles.create("default");
    }

    @Test
    void noFaultsByDefault() {
        assertEquals(FaultSettings.NONE, card.faults().get());
    }

    @Test
    void dropBeforeTheCounterChanges() {
        card.powerOn();
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 18", "90 00");
        card.faults().update(f -> f.withVerifyDrop(FaultSettings.VerifyDrop.BEFORE_COUNT));
        assertThrows(LinkDroppedException.class, () -> Apdus.send(card, "00 20 00 80 04 39 39 39 39"));
        assertFalse(card.powered(), "the card left the field");
        assertEquals(3, card.state().triesLeft(JpkiApplication.AUTH_PIN));
        assertEquals(FaultSettings.VerifyDrop.NONE, card.faults().get().verifyDrop(), "one-shot");
    }

    @Test
    void dropAfterTheCounterChanges() {
        card.powerOn();
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 18", "90 00");
        card.faults().update(f -> f.withVerifyDrop(FaultSettings.VerifyDrop.AFTER_COUNT));
        expect(card, "00 20 00 80", "63 C3"); // the query is no VERIFY with data: no drop
        assertThrows(LinkDroppedException.class, () -> Apdus.send(card, "00 20 00 80 04 39 39 39 39"));
        assertEquals(2, card.state().triesLeft(JpkiApplication.AUTH_PIN));
        card.powerOn();
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 18", "90 00");
        expect(card, "00 20 00 80", "63 C2");
    }

    @Test
    void dropAfterACorrectPinLeavesNothingVerified() {
        card.powerOn();
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 18", "90 00");
        card.faults().update(f -> f.withVerifyDrop(FaultSettings.VerifyDrop.AFTER_COUNT));
        assertThrows(LinkDroppedException.class, () -> Apdus.send(card, "00 20 00 80 04 31 32 33 34"));
        card.powerOn();
        assertFalse(card.verified(JpkiApplication.EF_AUTH_PIN));
    }

    @Test
    void getResponse61xx() {
        card.faults().update(f -> f.withGetResponse(true));
        card.powerOn();
        expectSw(card, SELECT_JPKI, "90 00"); // no data: no 61
        expectSw(card, "00 A4 02 0C 02 00 06", "90 00");
        expect(card, "00 B0 00 00 20", "61 20");
        byte[] label = expectSw(card, "00 C0 00 00 10", "61 10");
        assertEquals("JPKIAPICCTOKEN2 ", new String(label, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(16, expectSw(card, "00 C0 00 00 10", "90 00").length);
        expect(card, "00 C0 00 00 10", "69 85"); // nothing left
        expect(card, "00 B0 00 00 00", "61 A0");
        expectSw(card, SELECT_JPKI, "90 00"); // another command drops the pending data
        expect(card, "00 C0 00 00 A0", "69 85");
    }

    @Test
    void wrongLe6Cxx() {
        card.faults().update(f -> f.withWrongLength(true));
        card.powerOn();
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 08", "90 00");
        expect(card, "00 B0 00 00 00", "6C 03");
        expect(card, "00 B0 00 00 03", "8F 8F 00 90 00");
        expect(card, "00 B0 00 00 02", "8F 8F 90 00"); // asking less is fine
    }

    @Test
    void theDriverHandles61And6CTogether() throws Exception {
        card.faults().update(f -> f.withGetResponse(true).withWrongLength(true));
        card.powerOn();
        LongAdder apdus = new LongAdder();
        MyNumberCard driver = new MyNumberCard(Transports.standard(card::process, "test", apdus), CardLayout.RSA_2016);
        assertEquals(new CardIdentity(TokenKind.MY_NUMBER_CARD, "JPKIAPICCTOKEN2", true, true,
                java.util.Optional.of(true)), driver.identify());
        byte[] cert = driver.readAuthCertificate();
        card.faults().clear();
        MyNumberCardSim clean = Profiles.create("default");
        clean.powerOn();
        assertArrayEquals(new MyNumberCard(clean::process, CardLayout.RSA_2016).readAuthCertificate(), cert);
        assertTrue(apdus.sum() > 10, "GET RESPONSEs and resends reached the card: " + apdus.sum());
    }

    @Test
    void sixF00ForTheFirstCommandAfterEachPowerUp() {
        card.faults().update(f -> f.withFailAfterPowerUp(true));
        card.powerOn();
        expect(card, SELECT_JPKI, "6F 00");
        expect(card, "00 A4 02 0C 02 00 06", "6A 82"); // the SELECT was not executed
        expect(card, SELECT_JPKI, "90 00");
        card.warmReset();
        expect(card, SELECT_JPKI, "90 00"); // a warm reset is no power-up
        card.powerOff();
        card.powerOn();
        expect(card, SELECT_JPKI, "6F 00");
    }

    @Test
    void delays() throws Exception {
        card.faults().update(f -> f.withApduDelay(Duration.ofMillis(40)).withSignDelay(Duration.ofMillis(150)));
        card.powerOn();
        long t0 = System.nanoTime();
        expectSw(card, SELECT_JPKI, "90 00");
        long select = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(select >= 40 && select < 150, "per-APDU delay: " + select + " ms");
        MyNumberCardSimTest.verifyAuthPin(card);
        expectSw(card, "00 A4 02 0C 02 00 17", "90 00");
        t0 = System.nanoTime();
        assertEquals(256, expectSw(card, SIGN_ABC, "90 00").length);
        long sign = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(sign >= 190, "APDU and signing delay: " + sign + " ms");
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FaultSettings.NONE.withApduDelay(Duration.ofMillis(-1)));
        assertInstanceOf(FaultSettings.class, FaultSettings.NONE.withSignDelay(Duration.ofSeconds(1)));
    }
}
