package org.madoguchi.daemon.readers;

import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.List;
import java.util.Locale;

import org.madoguchi.daemon.metrics.DaemonMetrics;
import org.madoguchi.daemon.readers.ReaderStatus.CardInReader;
import org.madoguchi.daemon.session.CardAction;
import org.madoguchi.daemon.session.CardFacts;
import org.madoguchi.daemon.session.CardKind;
import org.madoguchi.daemon.session.CertificateInfo;
import org.madoguchi.daemon.session.PinCounter;
import org.madoguchi.daemon.session.Reason;
import org.madoguchi.daemon.session.SessionEvent;
import org.madoguchi.daemon.session.SessionEvent.StepResult;
import org.madoguchi.daemon.session.Text;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.card.CardException;
import org.madoguchi.driver.card.CardIdentity;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.FacePhotoOutcome;
import org.madoguchi.driver.card.InvalidPinFormatException;
import org.madoguchi.driver.card.PinStatus;
import org.madoguchi.driver.card.Secret;
import org.madoguchi.driver.card.SignOutcome;
import org.madoguchi.driver.card.TokenKind;
import org.madoguchi.driver.card.VerifyOutcome;
import org.madoguchi.driver.face.FaceMatch;
import org.madoguchi.driver.face.FaceUnavailableException;
import org.madoguchi.driver.face.ocr.CardFrontReader;
import org.madoguchi.driver.face.ocr.CardFrontReading;
import org.madoguchi.driver.pcsc.Disposition;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pki.CertificateVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card steps of one reader, through the driver. Used by exactly one worker thread at a time
 * (a new instance replaces it when a step hangs). Never throws: every failure becomes a
 * {@link StepResult}. Logs error codes and status words only, never card data or PINs.
 */
final class CardSteps {
    private static final Logger log = LoggerFactory.getLogger(CardSteps.class);

    /**
     * A finished step: the session's event and, for {@code Prepare}, the card as the reader shows it; for a
     * {@code ReadCardFront} that read something, 照合番号B ({@code code}, else null), which whoever ends up
     * with it closes: the photo step the session asks for next, or the hub.
     */
    record Done(StepResult result, Optional<CardInReader> card, Secret code) {
        Done(StepResult result, Optional<CardInReader> card) {
            this(result, card, null);
        }

        /** Zeroes the code (nobody took it). */
        void discard() {
            if (code != null) {
                code.close();
            }
        }
    }

    private final String reader;
    private final ReaderBackend backend;
    private final CardLayout layout;
    private final CertificateVerifier verifier;
    private final Optional<FaceEngine> face;
    private final DaemonMetrics metrics;
    private final Clock clock;
    private CardPresence current;

    CardSteps(String reader, ReaderBackend backend, CardLayout layout, CertificateVerifier verifier,
            Optional<FaceEngine> face, DaemonMetrics metrics, Clock clock) {
        this.reader = reader;
        this.backend = backend;
        this.layout = layout;
        this.verifier = verifier;
        this.face = face;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs one step for the card presence {@code presence}; closes {@code pin} (may be null). */
    Done run(long presence, CardAction action, Secret pin) {
        try (pin) {
            if (action instanceof CardAction.Prepare || action instanceof CardAction.Recognise) {
                return prepare(presence, action.step());
            }
            if (action instanceof CardAction.ReadCardFront r) {
                return readCardFront(r); // needs no card: the card may be off the reader, held up to the camera
            }
            CardPresence p = current;
            if (p == null || p.id() != presence) {
                return done(new SessionEvent.StepFailed(action.step(), Reason.CARD_ERROR, clock.instant()));
            }
            if (action instanceof CardAction.ReadPhoto r) {
                return done(readPhoto(p, r, pin));
            } else if (action instanceof CardAction.MatchFace m) {
                return done(matchFace(p, m));
            } else if (action instanceof CardAction.VerifyAndSign v) {
                if (pin == null) { // never: the hub hands over the PIN of the submitPin that asked for this
                    return done(new SessionEvent.StepFailed(v.step(), Reason.CARD_ERROR, clock.instant()));
                }
                return done(verifyAndSign(p, v, pin));
            } else {
                return done(readPinStatus(p, action.step()));
            }
        } catch (PcscException e) {
            log.info("reader '{}': {} failed: PC/SC {}", reader, action.operation(), e.error().code());
            return done(new SessionEvent.StepFailed(action.step(), reason(e.error()), clock.instant()));
        } catch (CardException e) {
            log.warn("reader '{}': {} failed: card answered {}", reader, action.operation(),
                    e.sw() < 0 ? "malformed data" : String.format("SW %04X", e.sw()));
            return done(new SessionEvent.StepFailed(action.step(), Reason.CARD_ERROR, clock.instant()));
        } catch (RuntimeException e) {
            log.error("reader '{}': {} failed unexpectedly: {}", reader, action.operation(), e.getClass().getName());
            return done(new SessionEvent.StepFailed(action.step(), Reason.CARD_ERROR, clock.instant()));
        }
    }

    private static Done done(StepResult result) {
        return new Done(result, Optional.empty());
    }

    private static Reason reason(PcscError error) {
        return switch (error) {
            case CARD_REMOVED -> Reason.CARD_REMOVED;
            case READER_REMOVED, NO_READERS -> Reason.READER_REMOVED;
            case NO_SERVICE -> Reason.SERVICE_UNAVAILABLE;
            case TIMEOUT -> Reason.TIMEOUT;
            default -> Reason.CARD_ERROR;
        };
    }

    // ---- prepare ------------------------------------------------------------------------

    private Done prepare(long presence, long step) throws PcscException {
        release(Disposition.LEAVE);
        CardPresence p = CardPresence.open(presence, reader, backend, layout, metrics.apduCounter());
        current = p;
        String atr = Hex.of(p.atr());
        CardFacts facts;
        try {
            facts = read(p);
        } catch (CardException e) {
            log.warn("reader '{}': card not identified: {}", reader,
                    e.sw() < 0 ? "malformed answer" : String.format("SW %04X", e.sw()));
            facts = CardFacts.only(CardKind.UNREADABLE);
        }
        log.info("reader '{}': card is {}{}", reader, facts.kind().code(),
                facts.pin().map(pin -> ", PIN " + (pin.blocked() ? "blocked" : pin.usable() ? pin.retriesLeft()
                        + " tries left" : "unusable")).orElse(""));
        return new Done(new SessionEvent.Prepared(step, facts, clock.instant()),
                Optional.of(new CardInReader(facts.kind(), atr, facts.pin())));
    }

    private CardFacts read(CardPresence p) throws PcscException, CardException {
        CardIdentity identity = p.card().identify();
        CardKind kind = CardKind.of(identity.kind());
        if (identity.kind() == TokenKind.ANDROID_TOKEN) {
            // The certificate needs the PIN on this token (docs/card.md §10): read after VERIFY.
            return new CardFacts(kind, Optional.of(pinCounter(p)), Optional.empty(), true, false);
        }
        if (identity.kind() != TokenKind.MY_NUMBER_CARD) {
            return CardFacts.only(kind);
        }
        PinCounter pin = pinCounter(p);
        if (pin.blocked() && identity.saysNoUserPin()) {
            // 顔認証マイナンバーカード: no PIN was ever set
            pin = PinCounter.unusable(p.layout().authPinMaxTries());
        }
        Optional<CertificateInfo> certificate = Optional.empty();
        if (identity.authCertPresent()) {
            certificate = Optional.of(certificate(p.card().readAuthCertificate()));
            p.certificate(certificate);
        }
        CardFacts facts = new CardFacts(kind, Optional.of(pin), certificate, false,
                face.isPresent() && face.get().offered());
        if (face.isPresent() && face.get().typedCode()) {
            return cardCodeCounter(p, facts);
        }
        return facts;
    }

    /**
     * For face mode with 照合番号B typed: its counter, read without spending a try, so that staff see
     * the tries left before typing; a blocked counter (or a card without the 券面事項確認AP) offers no face.
     */
    private CardFacts cardCodeCounter(CardPresence p, CardFacts facts) throws PcscException {
        try {
            PinStatus status = p.card().codeBStatus();
            if (status instanceof PinStatus.Blocked) {
                log.info("reader '{}': 照合番号B is blocked on this card: face mode not offered", reader);
                return new CardFacts(facts.kind(), facts.pin(), facts.certificate(), false, false);
            }
            return facts.withCardCode(status instanceof PinStatus.Remaining r ? r.triesLeft() : PinCounter.UNKNOWN,
                    face.get().camera());
        } catch (CardException e) {
            log.info("reader '{}': 照合番号B counter not readable (SW {}): face mode not offered", reader,
                    String.format("%04X", e.sw()));
            return new CardFacts(facts.kind(), facts.pin(), facts.certificate(), false, false);
        }
    }

    private PinCounter pinCounter(CardPresence p) throws PcscException {
        int max = p.layout().authPinMaxTries();
        try {
            PinStatus status = p.card().pinStatus();
            return toPinCounter(status, max);
        } catch (CardException e) {
            log.info("reader '{}': PIN counter not readable (SW {}): PIN treated as unusable", reader,
                    String.format("%04X", e.sw()));
            return PinCounter.unusable(max);
        }
    }

    static PinCounter toPinCounter(PinStatus status, int max) {
        if (status instanceof PinStatus.Remaining r) {
            return PinCounter.remaining(Math.min(r.triesLeft(), max), max);
        }
        if (status instanceof PinStatus.Blocked) {
            return PinCounter.blocked(max);
        }
        return PinCounter.remaining(max, max); // already verified or no limit: the counter is full
    }

    private CertificateInfo certificate(byte[] der) {
        return new CertificateInfo(der, verifier.report(der, clock.instant()));
    }

    // ---- face ---------------------------------------------------------------------------

    private StepResult readPhoto(CardPresence p, CardAction.ReadPhoto action, Secret typed)
            throws PcscException, CardException {
        long step = action.step();
        if (face.isEmpty()) {
            return new SessionEvent.FaceUnavailable(step, clock.instant());
        }
        if (action.typed()) {
            if (typed == null) { // never: the hub hands over the code of the submitCardCode that asked for this
                return new SessionEvent.StepFailed(step, Reason.CARD_ERROR, clock.instant());
            }
            return readPhotoWithTypedCode(p, step, typed);
        }
        if (face.get().cardFaceReader().isEmpty()) {
            return new SessionEvent.FaceUnavailable(step, clock.instant());
        }
        char[] code = null;
        try {
            code = face.get().cardFaceReader().get().readVerificationCodeB(reader);
            try (Secret codeB = Secret.verificationCodeB(code)) {
                FacePhotoOutcome outcome = p.card().readFacePhoto(codeB);
                if (outcome instanceof FacePhotoOutcome.Photo photo) {
                    p.photo(photo.jp2());
                    return new SessionEvent.PhotoRead(step, clock.instant());
                }
                log.info("reader '{}': 照合番号B was not accepted: face mode unavailable", reader);
                return new SessionEvent.FaceUnavailable(step, clock.instant());
            }
        } catch (FaceUnavailableException | InvalidPinFormatException e) {
            log.info("reader '{}': card-face reader unavailable: {}", reader, e.getClass().getSimpleName());
            return new SessionEvent.FaceUnavailable(step, clock.instant());
        } finally {
            if (code != null) {
                Arrays.fill(code, '\0');
            }
        }
    }

    /**
     * The card-front OCR on one photograph (no APDU): 照合番号B goes back beside the result, never in it,
     * and the session reads the photo with it (one VERIFY); the image and the OCR's array are overwritten
     * here. Nothing read is logged: only the refusal's reason and the time taken.
     */
    private Done readCardFront(CardAction.ReadCardFront action) {
        long step = action.step();
        byte[] image = action.image();
        try {
            Optional<CardFrontReader> ocr = face.flatMap(FaceEngine::cardFront);
            if (ocr.isEmpty()) {
                return done(new SessionEvent.CardFrontUnreadable(step, Optional.empty(), clock.instant()));
            }
            long start = System.nanoTime();
            CardFrontReading reading;
            try {
                reading = ocr.get().read(image);
            } catch (FaceUnavailableException | RuntimeException e) {
                // the reader is closed or broke on this image: the camera path ends, the session goes on typed
                log.warn("reader '{}': card-front reader unavailable ({}): staff type 照合番号B", reader,
                        e.getClass().getName());
                return done(new SessionEvent.CardFrontUnreadable(step, Optional.empty(), clock.instant()));
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (reading instanceof CardFrontReading.Read read) {
                try {
                    Secret code = Secret.verificationCodeB(read.verificationCodeB());
                    log.info("reader '{}': card front read in {} ms", reader, ms);
                    return new Done(new SessionEvent.CardFrontRead(step, Text.of(read.masked().display(),
                            read.masked().displayEn()), clock.instant()), Optional.empty(), code);
                } catch (InvalidPinFormatException e) { // never: the reader gives 14 digits or a refusal
                    log.warn("reader '{}': card-front reading was not 14 digits: refused", reader);
                    return done(new SessionEvent.CardFrontUnreadable(step, Optional.of(refusal(
                            CardFrontReading.Refusal.UNREADABLE)), clock.instant()));
                } finally {
                    read.wipe();
                }
            }
            CardFrontReading.Refusal why = ((CardFrontReading.Refused) reading).reason();
            log.info("reader '{}': card front not read in {} ms: {}", reader, ms, code(why));
            return done(new SessionEvent.CardFrontUnreadable(step, Optional.of(refusal(why)), clock.instant()));
        } finally {
            Arrays.fill(image, (byte) 0);
        }
    }

    private static SessionEvent.Refusal refusal(CardFrontReading.Refusal why) {
        return new SessionEvent.Refusal(code(why), Text.of(why.ja(), why.en()));
    }

    /** The wire name of a card-front refusal: {@code card_not_found}, {@code unreadable}, … */
    static String code(CardFrontReading.Refusal why) {
        return why.name().toLowerCase(Locale.ROOT);
    }

    /** One VERIFY of the typed 照合番号B (never retried), then the photo; the code is closed by the caller. */
    private StepResult readPhotoWithTypedCode(CardPresence p, long step, Secret code)
            throws PcscException, CardException {
        FacePhotoOutcome outcome = p.card().readFacePhoto(code);
        if (outcome instanceof FacePhotoOutcome.Photo photo) {
            p.photo(photo.jp2());
            return new SessionEvent.PhotoRead(step, clock.instant());
        }
        VerifyOutcome refused = ((FacePhotoOutcome.CodeRejected) outcome).outcome();
        if (refused instanceof VerifyOutcome.Wrong w) {
            log.info("reader '{}': the card did not accept 照合番号B ({} tries left)", reader, w.triesLeft());
            return new SessionEvent.CardCodeWrong(step, w.triesLeft() < 0 ? PinCounter.UNKNOWN : w.triesLeft(),
                    clock.instant());
        }
        if (refused instanceof VerifyOutcome.NowBlocked || refused instanceof VerifyOutcome.AlreadyBlocked) {
            log.info("reader '{}': 照合番号B is blocked on this card", reader);
            return new SessionEvent.CardCodeBlocked(step, clock.instant());
        }
        VerifyOutcome.OutcomeUnknown unknown = (VerifyOutcome.OutcomeUnknown) refused;
        log.info("reader '{}': link lost during VERIFY of 照合番号B ({})", reader, unknown.cause().code());
        if (unknown.after().isPresent() && unknown.after().get() instanceof PinStatus.Blocked) {
            return new SessionEvent.CardCodeBlocked(step, clock.instant());
        }
        return new SessionEvent.CardCodeWrong(step, unknown.after().map(PinStatus::triesLeftOrUnknown)
                .filter(n -> n > 0).orElse(PinCounter.UNKNOWN), clock.instant());
    }

    private StepResult matchFace(CardPresence p, CardAction.MatchFace m) {
        if (face.isEmpty() || p.photo().isEmpty()) {
            return new SessionEvent.FaceUnavailable(m.step(), clock.instant());
        }
        List<byte[]> frames = m.frames();
        try {
            FaceMatch match = face.get().matcher().compare(reader, p.photo().get(), frames);
            if (match instanceof FaceMatch.Compared c) {
                log.info("reader '{}': face compared: distance {}, liveness {}", reader,
                        String.format(Locale.ROOT, "%.3f", c.distance()), c.liveness().code());
            } else {
                log.info("reader '{}': face compared: {}", reader, match.getClass().getSimpleName());
            }
            return new SessionEvent.FaceChecked(m.step(), match, clock.instant());
        } catch (FaceUnavailableException e) {
            log.info("reader '{}': face matcher unavailable", reader);
            return new SessionEvent.FaceUnavailable(m.step(), clock.instant());
        } catch (RuntimeException e) {
            log.error("reader '{}': face matcher failed: {}", reader, e.getClass().getName());
            return new SessionEvent.FaceUnavailable(m.step(), clock.instant());
        } finally {
            frames.forEach(f -> Arrays.fill(f, (byte) 0));
        }
    }

    // ---- PIN ----------------------------------------------------------------------------

    private StepResult verifyAndSign(CardPresence p, CardAction.VerifyAndSign v, Secret pin)
            throws PcscException, CardException {
        byte[] challenge = v.challenge();
        SignOutcome outcome = p.card().signChallenge(pin, challenge);
        if (outcome instanceof SignOutcome.Signed signed) {
            boolean deferred = p.certificate().isEmpty();
            if (deferred) {
                p.certificate(Optional.of(certificate(p.card().readAuthCertificate())));
            }
            CertificateInfo cert = p.certificate().orElseThrow();
            if (!CertificateVerifier.verifySignature(cert.der(), challenge, signed.signature())) {
                log.warn("reader '{}': the card's signature does not verify with its certificate", reader);
                return new SessionEvent.StepFailed(v.step(), Reason.CARD_ERROR, clock.instant());
            }
            return new SessionEvent.PinSigned(v.step(), signed.signature(),
                    deferred ? p.certificate() : Optional.empty(), clock.instant());
        }
        VerifyOutcome rejected = ((SignOutcome.PinRejected) outcome).outcome();
        if (rejected instanceof VerifyOutcome.Wrong w) {
            metrics.pinFailure();
            return new SessionEvent.PinWrong(v.step(), w.triesLeft() < 0 ? PinCounter.UNKNOWN : w.triesLeft(),
                    clock.instant());
        }
        if (rejected instanceof VerifyOutcome.NowBlocked) {
            metrics.pinFailure();
            metrics.pinLockout();
            log.info("reader '{}': a wrong PIN blocked the card's PIN", reader);
            return new SessionEvent.PinBlocked(v.step(), true, clock.instant());
        }
        if (rejected instanceof VerifyOutcome.AlreadyBlocked) {
            return new SessionEvent.PinBlocked(v.step(), false, clock.instant());
        }
        VerifyOutcome.OutcomeUnknown unknown = (VerifyOutcome.OutcomeUnknown) rejected;
        log.info("reader '{}': link lost during VERIFY ({}): outcome unknown", reader, unknown.cause().code());
        int max = p.layout().authPinMaxTries();
        return new SessionEvent.PinUnknown(v.step(), unknown.after().map(s -> toPinCounter(s, max)), clock.instant());
    }

    private StepResult readPinStatus(CardPresence p, long step) throws PcscException, CardException {
        int max = p.layout().authPinMaxTries();
        try {
            return new SessionEvent.PinStatusRead(step, toPinCounter(p.card().pinStatus(), max), clock.instant());
        } catch (PcscException e) {
            if (e.error() == PcscError.CARD_REMOVED || e.error() == PcscError.READER_REMOVED) {
                throw e;
            }
            log.info("reader '{}': reconnecting to read the PIN counter ({})", reader, e.error().code());
            p.reconnect();
            return new SessionEvent.PinStatusRead(step, toPinCounter(p.card().pinStatus(), max), clock.instant());
        }
    }

    // ---- end ----------------------------------------------------------------------------

    /** Ends the presence's connection: {@code UNPOWER} clears any verified state (docs/card.md §9.3). */
    void release(Disposition disposition) {
        CardPresence p = current;
        current = null;
        if (p != null) {
            p.close(disposition);
        }
    }

    /** Ends the connection of {@code presence} if it is the current one. */
    void release(long presence, Disposition disposition) {
        if (current != null && current.id() == presence) {
            release(disposition);
        }
    }
}
