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
import java.util.Optional;
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
        assertEquals(Set.of("default", "pin-last-try", "pin-blocked", "face-only", "under15", "expired-cert",
                "renewal-due", "iphone", "android", "juki", "not-my-number"), names);
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
        "default,       MY_NUMBER_CARD, JPKIAPICCTOKEN2, true,  true,  true",
        "pin-last-try,  MY_NUMBER_CARD, JPKIAPICCTOKEN2, true,  true,  true",
        "pin-blocked,   MY_NUMBER_CARD, JPKIAPICCTOKEN2, true,  true,  true",
        "face-only,     MY_NUMBER_CARD, JPKIAPICCTOKEN2, true,  true,  false",
        "under15,       MY_NUMBER_CARD, JPKIAPICCTOKEN2, true,  false, true",
        "juki,          JUKI_CARD,      JPKIAPICCTOKEN,  true,  true,  true",
        "iphone,        IPHONE_TOKEN,   JPKIAPIOSTOKEN,  true,  true,  true",
        "android,       ANDROID_TOKEN,  JPKIAPGPSETOKEN, true,  true,  true",
    })
    void identifiesAs(String profile, TokenKind kind, String label, boolean auth, boolean sign, boolean pinSet)
            throws Exception {
        assertEquals(new CardIdentity(kind, label, auth, sign, Optional.of(pinSet)), identify(profile));
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
        assertEquals("30 82", Hex.spaced(java.util.Arrays.copyOf(expectSw(card, "00 B0 00 00 04", "90 00"), 2)));
        expect(card, "80 FC 00 00", "67 00");
    }

    @Test
    void faceOnlyHasNoUsablePin() throws Exception {
        MyNumberCardSim card = powered("face-only");
        MyNumberCard driver = new MyNumberCard(card::process, CardLayout.RSA_2016);
        CardIdentity identity = driver.identify();
        assertEquals(new CardIdentity(TokenKind.MY_NUMBER_CARD, "JPKIAPICCTOKEN2", true, true, Optional.of(false)),
                identity);
        assertTrue(identity.saysNoUserPin(), "the driver tells face-only apart by its token flags");
        assertEquals(new org.madoguchi.driver.card.PinStatus.Blocked(), driver.pinStatus());
        expectSw(card, SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 06", "90 00");
        assertEquals("00 00 04 05", Hex.spaced(expectSw(card, "00 B0 00 60 04", "90 00")),
                "token flags without CKF_USER_PIN_INITIALIZED");
        expectSw(card, "00 A4 02 0C 02 00 1B", "90 00");
        expect(card, "00 20 00 80", "63 C0"); // the sign password was never set either
        expect(card, "00 20 00 80 06 41 42 43 31 32 33", "69 84");
        // Face mode works: 照合番号B opens the card face.
        expectSw(card, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02", "90 00");
        expectSw(card, "00 A4 02 0C 02 00 12", "90 00");
        expect(card, "00 20 00 80", "63 CA");
        // pin-blocked differs: its PIN was set (flags 40D) and its sign password still works.
        MyNumberCardSim blocked = powered("pin-blocked");
        expectSw(blocked, SELECT_JPKI, "90 00");
        expectSw(blocked, "00 A4 02 0C 02 00 06", "90 00");
        assertEquals("00 00 04 0D", Hex.spaced(expectSw(blocked, "00 B0 00 60 04", "90 00")));
        expectSw(blocked, "00 A4 02 0C 02 00 1B", "90 00");
        expect(blocked, "00 20 00 80", "63 C5");
    }

    @Test
    void resetDoesNotGiveTheFaceOnlyCardAPin() throws Exception {
        Profile p = Profiles.get("face-only");
        CardState s = p.initialState();
        s.reset();
        assertTrue(s.blocked(JpkiApplication.AUTH_PIN));
    }

    @Test
    void everyCardHasItsOwnKeys() throws Exception {
        Set<String> keys = new java.util.HashSet<>();
        for (String name : List.of("default", "pin-last-try", "pin-blocked", "face-only", "under15", "expired-cert",
                "renewal-due", "iphone", "android")) {
            MyNumberCardSim card = powered(name);
            MyNumberCardSimTest.verifyAuthPinIfUsable(card);
            byte[] der = MyNumberCardSimTest.readDer(card, 0x000A);
            assertTrue(keys.add(Hex.of(MyNumberCardSimTest.certificate(der).getPublicKey().getEncoded())), name);
        }
    }

    @Test
    void jukiSignatureCertificateIsLongExpired() throws Exception {
        MyNumberCardSim card = powered("juki");
        var cert = MyNumberCardSimTest.certificate(CardReads.signCertificate(card, Profiles.DEFAULT_SIGN_PASSWORD));
        assertEquals(2018, cert.getNotAfter().toInstant().atZone(java.time.ZoneOffset.UTC).getYear());
    }

    @Test
    void everyCardFaceHasItsOwnCodeB() {
        List<String> codes = Profiles.all().stream().flatMap(p -> p.cardFace().stream())
                .map(Person::verificationCodeB).toList();
        assertEquals(7, codes.size(), "the seven physical cards have a face");
        assertEquals(codes.size(), Set.copyOf(codes).size(), codes.toString());
        codes.forEach(c -> assertTrue(c.matches("[0-9]{14}"), c));
    }
}
