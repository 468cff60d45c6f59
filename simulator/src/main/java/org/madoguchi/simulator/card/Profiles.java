package org.madoguchi.simulator.card;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.spi.Simulation;
import org.madoguchi.driver.spi.SimulationException;

/**
 * The catalogue of simulated cards. Every profile's card answers as domain.md describes; the
 * profiles differ only where named.
 *
 * <p>ATRs (the same in-process and over vpcd): physical cards use the contactless pseudo-ATR
 * {@code 3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F}, {@code juki} the 住基カード one
 * ({@code …14 E0 B3 81 91 00 5E}), the phone tokens {@code 3B 80 80 01 01} (Type A, no
 * historical bytes) and {@code not-my-number} another Type B pseudo-ATR (see {@link Atrs}).
 */
public final class Profiles {
    public static final String DEFAULT = "default";
    public static final String DEFAULT_AUTH_PIN = "1234";
    public static final String DEFAULT_SIGN_PASSWORD = "ABC123";

    /** 券面事項確認AP (face photo), 券面事項入力補助AP, 住基AP, 共通AP (domain.md §1). */
    static final byte[] FACE_AID = CardLayout.RSA_2016.faceAid();
    static final byte[] TEXT_AID = Hex.parse("D3 92 10 00 31 00 01 01 04 08");
    static final byte[] JUKI_AID = Hex.parse("D3 92 10 00 31 00 01 01 04 01");
    static final byte[] COMMON_AID = Hex.parse("D3 92 10 00 31 00 01 01 01 00");

    private static final List<Profile> ALL = List.of(
            new Profile(DEFAULT, "既定のカード (暗証番号 1234、残り3回) / Default card (PIN 1234, 3 tries left)",
                    () -> physical(JpkiApplication.Options.physicalCard(1), 3)),
            new Profile("pin-last-try", "暗証番号の残りが1回 / Auth PIN with 1 try left",
                    () -> physical(JpkiApplication.Options.physicalCard(2), 1)),
            new Profile("pin-blocked", "暗証番号がロック済み / Auth PIN blocked (0 tries left)",
                    () -> physical(JpkiApplication.Options.physicalCard(3), 0)),
            new Profile("under15", "15歳未満 (署名用証明書なし、EF 0008 = 00 8F 00) / Under 15: no signature certificate",
                    () -> physical(JpkiApplication.Options.physicalCard(4).withSignCertificate(false)
                            .withCertPresence(Optional.of(new byte[] {0x00, (byte) 0x8F, 0x00})), 3)),
            new Profile("juki", "住基カード (ラベル JPKIAPICCTOKEN、利用者証明用証明書なし) / Juki card: label "
                    + "JPKIAPICCTOKEN, no authentication certificate", Profiles::juki),
            new Profile("iphone", "iPhone のマイナンバーカード (ラベル JPKIAPIOSTOKEN) / iPhone token (JPKIAPIOSTOKEN)",
                    () -> phone(JpkiApplication.Options.physicalCard(6).withLabel("JPKIAPIOSTOKEN"),
                            CardBehaviour.PHYSICAL.withLastCommandIndicator(true))),
            new Profile("android", "Android のスマホ用電子証明書 (ラベル JPKIAPGPSETOKEN、証明書の読み出しに暗証番号) / "
                    + "Android token (JPKIAPGPSETOKEN; reading the auth certificate needs the PIN)",
                    () -> phone(JpkiApplication.Options.physicalCard(7).withLabel("JPKIAPGPSETOKEN")
                            .withAuthCertNeedsPin(true), CardBehaviour.PHYSICAL)),
            new Profile("not-my-number", "マイナンバーカードではない Type B カード (JPKI AP なし) / A Type B card "
                    + "without the JPKI application", () -> new MyNumberCardSim(
                            new CardSpec(Atrs.OTHER_TYPE_B, List.of(), CardBehaviour.PHYSICAL), new CardState())));

    private Profiles() {
    }

    public static List<Profile> all() {
        return ALL;
    }

    public static List<Simulation.ProfileInfo> infos() {
        return ALL.stream().map(Profile::info).toList();
    }

    public static Optional<Profile> find(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** A new card of the named profile. */
    public static MyNumberCardSim create(String name) throws SimulationException {
        return find(name).map(Profile::newCard).orElseThrow(() -> new SimulationException(
                SimulationException.Reason.UNKNOWN_PROFILE, "unknown profile: " + name));
    }

    /** A physical 2016 card: JPKI AP plus the four other applications (empty for now). */
    private static MyNumberCardSim physical(JpkiApplication.Options jpki, int authTriesLeft) {
        List<DedicatedFile> aps = new ArrayList<>();
        aps.add(JpkiApplication.build(jpki));
        aps.add(DedicatedFile.of("face", FACE_AID, List.of()));
        aps.add(DedicatedFile.of("text", TEXT_AID, List.of()));
        aps.add(DedicatedFile.of("juki", JUKI_AID, List.of()));
        aps.add(DedicatedFile.of("common", COMMON_AID, List.of()));
        return card(Atrs.MY_NUMBER_CARD, aps, CardBehaviour.PHYSICAL, jpki, authTriesLeft);
    }

    /**
     * A 住基カード: JPKI AP labelled {@code JPKIAPICCTOKEN} with only the signature certificate (the
     * authentication certificate came with the My Number card) and no EF 0008; plus the 住基AP.
     */
    private static MyNumberCardSim juki() {
        JpkiApplication.Options jpki = JpkiApplication.Options.physicalCard(5).withLabel("JPKIAPICCTOKEN")
                .withAuthCertificate(false).withCertPresence(Optional.empty());
        List<DedicatedFile> aps = List.of(JpkiApplication.build(jpki), DedicatedFile.of("juki", JUKI_AID, List.of()));
        return card(Atrs.JUKI_CARD, aps, CardBehaviour.PHYSICAL, jpki, 3);
    }

    /** A smartphone token: only the JPKI AP. */
    private static MyNumberCardSim phone(JpkiApplication.Options jpki, CardBehaviour behaviour) {
        return card(Atrs.PHONE, List.of(JpkiApplication.build(jpki)), behaviour, jpki, 3);
    }

    private static MyNumberCardSim card(byte[] atr, List<DedicatedFile> aps, CardBehaviour behaviour,
            JpkiApplication.Options jpki, int authTriesLeft) {
        CardState state = JpkiApplication.defineCredentials(new CardState(), jpki, DEFAULT_AUTH_PIN, authTriesLeft,
                DEFAULT_SIGN_PASSWORD);
        return new MyNumberCardSim(new CardSpec(atr, aps, behaviour), state);
    }
}
