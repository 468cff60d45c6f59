package org.madoguchi.simulator.card;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.madoguchi.driver.spi.Simulation;
import org.madoguchi.driver.spi.SimulationException;
import org.madoguchi.simulator.card.CardRecipe.Kind;
import org.madoguchi.simulator.card.CardRecipe.Validity;

/**
 * The catalogue of simulated cards. Every profile's card answers as docs/card.md describes; the
 * profiles differ only where named. All holders are made up (見本 = "sample").
 *
 * <p>ATRs (the same in-process and over vpcd): physical cards use the contactless pseudo-ATR
 * {@code 3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F}, {@code juki} the 住基カード one
 * ({@code …14 E0 B3 81 91 00 5E}), the phone tokens {@code 3B 80 80 01 01} (Type A, no
 * historical bytes) and {@code not-my-number} another Type B pseudo-ATR (see {@link Atrs}).
 *
 * <p>{@code face-only} (顔認証マイナンバーカード): how the chip shows "no PIN" is unconfirmed
 * (docs/card.md §5). The simulator models it as a card whose JPKI auth PIN and sign password were
 * never set: both keys are blocked at issuance (the query answers {@code 63 C0}, a VERIFY
 * {@code 69 84}, like the blocked-at-issuance key MC saw), and EF 0006's token flags lack
 * CKF_USER_PIN_INITIALIZED ({@code 0x405} instead of {@code 0x40D}). Both certificates are present
 * and 照合番号B works, so face mode does.
 */
public final class Profiles {
    public static final String DEFAULT = "default";
    public static final String DEFAULT_AUTH_PIN = CardFactory.DEFAULT_AUTH_PIN;
    public static final String DEFAULT_SIGN_PASSWORD = CardFactory.DEFAULT_SIGN_PASSWORD;

    private static Person person(String name, int sex, LocalDate birth, String code, LocalDate issued, int years) {
        LocalDate expiry = birth.withYear(issued.getYear() + years);
        if (!expiry.isAfter(issued)) {
            expiry = expiry.plusYears(1);
        }
        return new Person(name, sex, birth, "見本県見本市見本町一丁目1番1号", "Mihon-ken", "Mihon-shi", "99999", code,
                issued, expiry);
    }

    private static final Person ADULT = person("見本　太郎", 1, LocalDate.of(1985, 4, 1), "4321",
            LocalDate.of(2024, 5, 10), 10);
    private static final Person ADULT_2 = person("見本　花子", 2, LocalDate.of(1992, 11, 3), "8765",
            LocalDate.of(2023, 9, 1), 10);
    private static final Person ELDER = person("試験　一郎", 1, LocalDate.of(1950, 7, 15), "1357",
            LocalDate.of(2024, 1, 20), 10);
    private static final Person ELDER_2 = person("試験　和子", 2, LocalDate.of(1948, 2, 11), "9753",
            LocalDate.of(2024, 12, 16), 10);
    private static final Person CHILD = person("見本　次郎", 1, LocalDate.of(2015, 8, 20), "2468",
            LocalDate.of(2024, 6, 3), 5);
    private static final Person ADULT_3 = person("見本　三郎", 1, LocalDate.of(1978, 12, 24), "1122",
            LocalDate.of(2022, 3, 15), 10);
    private static final Person YOUNG = person("見本　桜", 2, LocalDate.of(2001, 3, 3), "3344",
            LocalDate.of(2025, 6, 1), 10);

    private static final List<Profile> ALL = List.of(
            new Profile(DEFAULT, "既定のカード (暗証番号 1234、残り3回) / Default card (PIN 1234, 3 tries left)",
                    CardRecipe.physical(ADULT, 1)),
            new Profile("pin-last-try", "暗証番号の残りが1回 / Auth PIN with 1 try left",
                    CardRecipe.physical(ADULT_2, 2).withAuthTriesLeft(1)),
            new Profile("pin-blocked", "暗証番号がロック済み (顔認証・目視は可) / Auth PIN blocked (0 tries left); "
                    + "face and visual check still work", CardRecipe.physical(ELDER, 3).withAuthTriesLeft(0)),
            new Profile("face-only", "顔認証マイナンバーカード (暗証番号なし: 発行時からロック) / Face-only card: no PIN "
                    + "(JPKI keys blocked at issuance)", CardRecipe.physical(ELDER_2, 4).withBlockedAtIssuance(true)),
            new Profile("under15", "15歳未満 (署名用証明書なし、EF 0008 = 00 8F 00) / Under 15: no signature certificate",
                    CardRecipe.physical(CHILD, 5).withSignCertificate(false)),
            new Profile("expired-cert", "利用者証明用証明書が期限切れ (120日前) / Auth certificate expired 120 days ago",
                    CardRecipe.physical(ADULT_3, 6).withValidity(Validity.EXPIRED)),
            new Profile("renewal-due", "利用者証明用証明書の更新時期 (45日後に期限切れ) / Auth certificate expires in 45 "
                    + "days (renewal window)", CardRecipe.physical(YOUNG, 7).withValidity(Validity.RENEWAL_DUE)),
            new Profile("iphone", "iPhone のマイナンバーカード (ラベル JPKIAPIOSTOKEN) / iPhone token (JPKIAPIOSTOKEN)",
                    CardRecipe.physical(ADULT, 8).withKind(Kind.IPHONE)),
            new Profile("android", "Android のスマホ用電子証明書 (ラベル JPKIAPGPSETOKEN、証明書の読み出しに暗証番号) / "
                    + "Android token (JPKIAPGPSETOKEN; reading the auth certificate needs the PIN)",
                    CardRecipe.physical(ADULT_2, 9).withKind(Kind.ANDROID)),
            new Profile("juki", "住基カード (ラベル JPKIAPICCTOKEN、利用者証明用証明書なし) / Juki card: label "
                    + "JPKIAPICCTOKEN, no authentication certificate",
                    CardRecipe.physical(ELDER, 10).withKind(Kind.JUKI).withValidity(Validity.JUKI_ERA)),
            new Profile("not-my-number", "マイナンバーカードではない Type B カード (JPKI AP なし) / A Type B card "
                    + "without the JPKI application", new CardRecipe(Kind.OTHER, Optional.empty(), 0, false, false,
                            Validity.FIVE_BIRTHDAYS, FaceApplication.DEFAULT_CODE_B_MAX_TRIES,
                            Simulation.FaceOutcome.NO_FACE, 11)));

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

    /** The named profile. */
    public static Profile get(String name) throws SimulationException {
        return find(name).orElseThrow(() -> new SimulationException(SimulationException.Reason.UNKNOWN_PROFILE,
                "unknown profile: " + name));
    }

    /** A new card of the named profile, with fresh counters. */
    public static MyNumberCardSim create(String name) throws SimulationException {
        return get(name).newCard();
    }
}
