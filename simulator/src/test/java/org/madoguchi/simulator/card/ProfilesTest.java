package org.madoguchi.simulator.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.simulator.card.Apdus.SELECT_JPKI;
import static org.madoguchi.simulator.card.Apdus.expect;
import static org.madoguchi.simulator.card.Apdus.expectSw;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.card.CardIdentity;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.TokenKind;
import org.madoguchi.driver.spi.SimulationException;

/** What makes each profile different, seen through the driver and through raw APDUs. */
class ProfilesTest {

    private static MyNumberCardSim powered(String profile) throws SimulationException {
        MyNumberCardSim card = Profiles.create(profile);
        card.powerOn();
        return card;
    }

    private static CardIdentity identify(String profile) throws Exception {
        MyNumberCardSim card = powered(profile);
        return new MyNumberCard(card::process, CardLayout.RSA_2016).identify();
    }

    @Test
    void catalogueHasTheRequiredProfiles() {
        Set<String> names = Profiles.all().stream().map(Profile::name).collect(Collectors.toSet());
        assertEquals(Set.of("default", "pin-last-try", "pin-blocked", "juki", "iphone", "android", "under15",
                "not-my-number"), names);
        assertEquals(Profiles.all().size(), names.size(), "names are unique");
        for (Profile p : Profiles.all()) {
            assertTrue(p.description().contains(" / "), "Japanese / English: " + p.description());
            assertEquals(p.name(), p.info().name());
        }
        assertEquals(Profiles.all().size(), Profiles.infos().size());
    }

    @Test
    void everyAtrHasAValidChecksum() throws Exception {
        for (Profile p : Profiles.all()) {
            byte[] atr = p.newCard().atr();
            assertEquals(0x3B, atr[0] & 0xFF, p.name());
            assertTrue(Atrs.tckValid(atr), p.name() + " " + Hex.spaced(atr));
        }
        assertEquals("3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F", Hex.spaced(Profiles.create("default").atr()));
        assertEquals("3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F", Hex.spaced(
                Atrs.contactlessTypeB(Hex.parse("00 00 05 E0"), Hex.parse("B3 81 A1"), 0)));
    }

    @Test
    void unknownProfile() {
        SimulationException e = assertThrows(SimulationException.class, () -> Profiles.create("no-such-card"));
        assertEquals(SimulationException.Reason.UNKNOWN_PROFILE, e.reason());
    }

    @Test
    void eachCardHasItsOwnState() throws Exception {
        MyNumberCardSim a = Profiles.create("default");
        MyNumberCardSim b = Profiles.create("default");
        assertNotSame(a.state(), b.state());
        a.powerOn();
        MyNumberCardSimTest.verifyAuthPin(a);
        expect(a, "00 20 00 80 04 30 30 30 30", "63 C2");
        assertEquals(3, b.state().triesLeft(JpkiApplication.AUTH_PIN));
    }

    @ParameterizedTest
    @CsvSource({
        "default,       MY_NUMBER_CARD, JPKIAPICCTOKEN2, true,  true",
        "pin-last-try,  MY_NUMBER_CARD, JPKIAPICCTOKEN2, true,  true",
        "pin-blocked,   MY_NUMBER_CARD, JPKIAPICCTOKEN2, true,  true",
        "under15,       MY_NUMBER_CARD, JPKIAPICCTOKEN2, true,  false",
        "juki,          JUKI_CARD,      JPKIAPICCTOKEN,  true,  true",
        "iphone,        IPHONE_TOKEN,   JPKIAPIOSTOKEN,  true,  true",
        "android,       ANDROID_TOKEN,  JPKIAPGPSETOKEN, true,  true",
    })
    void identifiesAs(String profile, TokenKind kind, String label, boolean auth, boolean sign) throws Exception {
        assertEquals(new CardIdentity(kind, label, auth, sign), identify(profile));
    }

    @Test
    void notMyNumberHasNoJpkiApplication() throws Exception {
        assertEquals(CardIdentity.notJpki(), identify("not-my-number"));
        MyNumberCardSim card = powered("not-my-number");
        expect(card, SELECT_JPKI, "6A 82");
        expect(card, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02", "6A 82");
        assertFalse(Hex.of(card.atr()).equals(Hex.of(Atrs.MY_NUMBER_CARD)));
    }

    @Test
    void pinLastTry() throws Exception {
        MyNumberCardSim card = powered("pin-last-try");
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 18", "90 00");
        expect(card, "00 20 00 80", "63 C1");
        expect(card, "00 20 00 80 04 30 30 30 30", "63 C0");
        expect(card, "00 20 00 80 04 31 32 33 34", "69 84");
    }

    @Test
    void pinLastTryRecoversWithTheRightPin() throws Exception {
        MyNumberCardSim card = powered("pin-last-try");
        MyNumberCardSimTest.verifyAuthPin(card);
        expect(card, "00 20 00 80", "63 C3");
    }

    @Test
    void pinBlocked() throws Exception {
        MyNumberCardSim card = powered("pin-blocked");
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 18", "90 00");
        expect(card, "00 20 00 80", "63 C0");
        expect(card, "00 20 00 80 04 31 32 33 34", "69 84");
        // The certificate is still readable: face mode and 目視確認 keep working.
        assertEquals(0x30, MyNumberCardSimTest.readDer(card, 0x000A)[0]);
    }

    @Test
    void under15HasNoSignatureCertificate() throws Exception {
        MyNumberCardSim card = powered("under15");
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 08", "90 00");
        expect(card, "00 B0 00 00 03", "00 8F 00 90 00");
        expect(card, "00 A4 02 0C 02 00 01", "6A 82");
        expect(card, "00 A4 02 0C 02 00 0A", "90 00");
    }

    @Test
    void jukiCardHasNoAuthenticationCredentials() throws Exception {
        MyNumberCardSim card = powered("juki");
        expectSw(card, SELECT_JPKI, "90 00");
        for (String fid : List.of("00 08", "00 0A", "00 0B", "00 17", "00 18")) {
            expect(card, "00 A4 02 0C 02 " + fid, "6A 82");
        }
        expect(card, "00 A4 02 0C 02 00 1B", "90 00");
        expect(card, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 01", "90 00"); // 住基AP
        expect(card, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08", "6A 82"); // no My Number APs
    }

    @Test
    void iphoneAcceptsTheLastCommandIndicator() throws Exception {
        MyNumberCardSim card = powered("iphone");
        expect(card, "80 FC 00 00", "90 00");
        expect(card, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02", "6A 82"); // phones have only JPKI
        assertEquals("3B 80 80 01 01", Hex.spaced(card.atr()));
    }

    @Test
    void androidNeedsThePinToReadTheAuthCertificate() throws Exception {
        MyNumberCardSim card = powered("android");
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 0A", "90 00");
        expect(card, "00 B0 00 00 04", "69 82");
        MyNumberCardSimTest.verifyAuthPin(card);
        expectSw(card, "00 A4 02 0C 02 00 0A", "90 00");
        assertEquals("30 82 04 9C", Hex.spaced(expectSw(card, "00 B0 00 00 04", "90 00")));
        expect(card, "80 FC 00 00", "67 00");
    }
}
