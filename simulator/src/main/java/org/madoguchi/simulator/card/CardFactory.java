package org.madoguchi.simulator.card;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.madoguchi.simulator.card.CardRecipe.Kind;
import org.madoguchi.simulator.pki.AuthCertificateRequest;
import org.madoguchi.simulator.pki.DeterministicBytes;
import org.madoguchi.simulator.pki.DeterministicRsa;
import org.madoguchi.simulator.pki.SignCertificateRequest;
import org.madoguchi.simulator.pki.TestPki;

/**
 * Builds a profile's card: its {@link CardSpec} (applications, files, keys and certificates from the
 * {@link TestPki}) and its {@link CardState} at issuance. Each profile has its own RSA-2048 keys,
 * derived from the profile name ({@link DeterministicRsa}), so the same profile is the same card in
 * every JVM. Specs are cached per profile and certificate dating, so the keys are derived once per
 * JVM and the certificates re-issued only when their dates move. Thread-safe.
 */
public final class CardFactory {
    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    public static final String DEFAULT_AUTH_PIN = "1234";
    public static final String DEFAULT_SIGN_PASSWORD = "ABC123";

    private static final CardFactory SYSTEM = new CardFactory(Clock.systemUTC());

    private final Clock clock;
    private final Map<String, CardSpec> specs = new ConcurrentHashMap<>();

    /** A factory that dates certificates by {@code clock} (tests use a fixed clock). */
    public CardFactory(Clock clock) {
        this.clock = clock;
    }

    /** The factory on the system clock, used by {@link Profiles}. */
    public static CardFactory system() {
        return SYSTEM;
    }

    /** A new card of the profile with the given (shared, persistent) state. */
    public MyNumberCardSim newCard(Profile p, CardState state) {
        return new MyNumberCardSim(spec(p), state);
    }

    /**
     * A new card of the profile whose card-face photo (DF27) is {@code photoJp2} (see
     * {@link CardPhotos}); the rest of the card is the profile's. Not cached: one photo, one card.
     */
    public MyNumberCardSim newCard(Profile p, CardState state, byte[] photoJp2) {
        if (p.recipe().kind() != Kind.PHYSICAL) {
            throw new IllegalArgumentException("only a physical card has a card-face photo");
        }
        CardSpec base = spec(p);
        Person person = p.recipe().person().orElseThrow();
        DedicatedFile face = FaceApplication.build(person, DeterministicRsa.keyPair("card/" + p.name() + "/ap"),
                DeterministicRsa.keyPair("issuer/card-face"), p.name(), photoJp2);
        byte[] faceAid = org.madoguchi.driver.card.CardLayout.RSA_2016.faceAid();
        List<DedicatedFile> aps = base.applications().stream().map(d -> d.hasAid(faceAid) ? face : d).toList();
        return new MyNumberCardSim(new CardSpec(base.atr(), aps, base.behaviour()), state);
    }

    /** The profile's card structure, built on first use and cached. */
    public CardSpec spec(Profile p) {
        LocalDate today = LocalDate.now(clock.withZone(JAPAN));
        String key = p.name() + "@" + switch (p.recipe().validity()) {
            case FIVE_BIRTHDAYS -> Integer.toString(today.getYear());
            case EXPIRED, RENEWAL_DUE -> today.toString();
            case JUKI_ERA -> "fixed";
        };
        return specs.computeIfAbsent(key, k -> build(p, today));
    }

    /** The counters and secrets the profile's card has at issuance. */
    public static CardState initialState(Profile p) {
        CardRecipe r = p.recipe();
        CardState s = new CardState();
        if (r.kind() == Kind.OTHER) {
            return s;
        }
        JpkiApplication.defineCredentials(s, jpkiOptions(p), DEFAULT_AUTH_PIN, r.authTriesLeft(),
                DEFAULT_SIGN_PASSWORD, r.blockedAtIssuance());
        if (r.kind() == Kind.PHYSICAL) {
            Person person = r.person().orElseThrow();
            FaceApplication.defineCredentials(s, person, r.codeBMaxTries());
            TextApplication.defineCredentials(s, person, r.codeBMaxTries());
            OtherApplications.defineCommon(s);
        }
        if (r.kind() == Kind.PHYSICAL || r.kind() == Kind.JUKI) {
            OtherApplications.defineJuki(s);
        }
        return s;
    }

    private CardSpec build(Profile p, LocalDate today) {
        CardRecipe r = p.recipe();
        return switch (r.kind()) {
            case OTHER -> new CardSpec(Atrs.OTHER_TYPE_B, List.of(), CardBehaviour.PHYSICAL);
            case IPHONE -> new CardSpec(Atrs.PHONE, List.of(jpki(p, today)),
                    CardBehaviour.PHYSICAL.withLastCommandIndicator(true));
            case ANDROID -> new CardSpec(Atrs.PHONE, List.of(jpki(p, today)), CardBehaviour.PHYSICAL);
            case JUKI -> new CardSpec(Atrs.JUKI_CARD, List.of(jpki(p, today), OtherApplications.juki()),
                    CardBehaviour.PHYSICAL);
            case PHYSICAL -> {
                Person person = r.person().orElseThrow();
                KeyPair apKey = DeterministicRsa.keyPair("card/" + p.name() + "/ap");
                KeyPair issuer = DeterministicRsa.keyPair("issuer/card-face");
                List<DedicatedFile> aps = new ArrayList<>();
                aps.add(jpki(p, today));
                aps.add(FaceApplication.build(person, apKey, issuer, p.name()));
                aps.add(TextApplication.build(person, apKey, p.name()));
                aps.add(OtherApplications.juki());
                aps.add(OtherApplications.common(person, cardSerial(p)));
                yield new CardSpec(Atrs.MY_NUMBER_CARD, aps, CardBehaviour.PHYSICAL);
            }
        };
    }

    static JpkiApplication.Options jpkiOptions(Profile p) {
        CardRecipe r = p.recipe();
        String serial = String.format("SIM%05d%08d", r.serial(), Math.abs(p.name().hashCode()) % 100_000_000);
        JpkiApplication.Options o = JpkiApplication.Options.physicalCard(serial);
        return switch (r.kind()) {
            case IPHONE -> o.withLabel("JPKIAPIOSTOKEN");
            case ANDROID -> o.withLabel("JPKIAPGPSETOKEN").withAuthCertNeedsPin(true);
            case JUKI -> o.withLabel("JPKIAPICCTOKEN").withAuthCertificate(false).withCertPresence(Optional.empty());
            default -> {
                JpkiApplication.Options physical = o.withPinInitialized(!r.blockedAtIssuance());
                yield r.signCertificate() ? physical
                        : physical.withSignCertificate(false)
                                .withCertPresence(Optional.of(new byte[] {0x00, (byte) 0x8F, 0x00}));
            }
        };
    }

    /** The JPKI AP with this profile's keys and certificates. */
    private DedicatedFile jpki(Profile p, LocalDate today) {
        CardRecipe r = p.recipe();
        JpkiApplication.Options o = jpkiOptions(p);
        TestPki pki = TestPki.get();
        Person person = r.person().orElseThrow();
        ZonedDateTime[] validity = validity(r, person, today);
        Optional<byte[]> authCert = Optional.empty();
        Optional<SigningKey> authKey = Optional.empty();
        if (o.authCertificate()) {
            KeyPair k = DeterministicRsa.keyPair("card/" + p.name() + "/auth");
            authKey = Optional.of(new RsaSigningKey(k));
            authCert = Optional.of(pki.issueAuth(new AuthCertificateRequest(opaqueId("auth/" + p.name()),
                    serial("auth/" + p.name()), validity[0].toInstant(), validity[1].toInstant(), k.getPublic())));
        }
        Optional<byte[]> signCert = Optional.empty();
        Optional<SigningKey> signKey = Optional.empty();
        if (o.signCertificate()) {
            KeyPair k = DeterministicRsa.keyPair("card/" + p.name() + "/sign");
            signKey = Optional.of(new RsaSigningKey(k));
            signCert = Optional.of(pki.issueSign(new SignCertificateRequest(opaqueId("sign/" + p.name()),
                    person.prefecture(), person.city(), serial("sign/" + p.name()), validity[0].toInstant(),
                    validity[1].toInstant(), k.getPublic(), person.name(), Integer.toString(person.sex()),
                    person.birthWithEraCode(), person.address())));
        }
        return JpkiApplication.build(o, new JpkiApplication.Material(authCert, authKey, pki.authRootDer(), signCert,
                signKey, pki.signRootDer()));
    }

    /** notBefore and notAfter (23:59:59 in Japan) as the recipe's {@link CardRecipe.Validity} says. */
    static ZonedDateTime[] validity(CardRecipe r, Person person, LocalDate today) {
        LocalTime morning = LocalTime.of(10, 0);
        LocalTime endOfDay = LocalTime.of(23, 59, 59);
        return switch (r.validity()) {
            case FIVE_BIRTHDAYS -> {
                LocalDate issued = LocalDate.of(today.getYear() - 1, 1, 10);
                yield new ZonedDateTime[] {issued.atTime(morning).atZone(JAPAN),
                    person.nthBirthdayAfter(issued, 5).atTime(endOfDay).atZone(JAPAN)};
            }
            case EXPIRED -> span(today.minusDays(120), morning, endOfDay);
            case RENEWAL_DUE -> span(today.plusDays(45), morning, endOfDay);
            case JUKI_ERA -> new ZonedDateTime[] {LocalDate.of(2015, 3, 10).atTime(morning).atZone(JAPAN),
                LocalDate.of(2018, 3, 9).atTime(endOfDay).atZone(JAPAN)};
        };
    }

    private static ZonedDateTime[] span(LocalDate expiry, LocalTime morning, LocalTime endOfDay) {
        return new ZonedDateTime[] {expiry.minusYears(5).plusDays(1).atTime(morning).atZone(JAPAN),
            expiry.atTime(endOfDay).atZone(JAPAN)};
    }

    /** A 23-character subject CN of digits and capital letters, opaque like the real ones. */
    static String opaqueId(String label) {
        byte[] b = DeterministicBytes.of("cn/" + label, 23);
        StringBuilder s = new StringBuilder(23);
        for (byte x : b) {
            s.append("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".charAt((x & 0xFF) % 36));
        }
        return s.toString();
    }

    /** A positive 64-bit certificate serial number. */
    static BigInteger serial(String label) {
        byte[] b = DeterministicBytes.of("serial/" + label, 8);
        b[0] &= 0x7F;
        b[0] |= 0x01;
        return new BigInteger(1, b);
    }

    /** The 15-digit card serial of the 共通AP record. */
    static String cardSerial(Profile p) {
        byte[] b = DeterministicBytes.of("card-serial/" + p.name(), 8);
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xFF);
        }
        return String.format("%015d", Math.floorMod(v, 1_000_000_000_000_000L));
    }
}
