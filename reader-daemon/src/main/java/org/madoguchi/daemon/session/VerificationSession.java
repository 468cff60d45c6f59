package org.madoguchi.daemon.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.madoguchi.driver.face.FaceMatch;

import org.madoguchi.daemon.session.SessionEvent.Command;
import org.madoguchi.daemon.session.SessionEvent.StepResult;
import org.madoguchi.daemon.session.SessionOutput.Accept;
import org.madoguchi.daemon.session.SessionOutput.Publish;
import org.madoguchi.daemon.session.SessionOutput.Refuse;
import org.madoguchi.daemon.session.SessionOutput.Run;

/**
 * One verification session: one card presence on one reader (docs/architecture.md). A pure state machine:
 * {@link #on} takes an event and returns what to do (replies, {@code session} and {@code result}
 * events, card steps); it does no I/O, starts no thread, reads no clock and never sees a PIN.
 * Not thread-safe: the runtime calls it under its lock.
 *
 * <p>Rules it keeps (and the property test checks): a VERIFY is asked for only in answer to a
 * {@code submitPin}, at most once per {@code submitPin}; a blocked or unusable PIN is never offered
 * again; exactly one {@code result}; nothing after it.
 *
 * <p>With consent on ({@link SessionPolicy#consentItems}), a face, PIN or 目視確認 verification
 * does not end the session at once: it waits in {@code consent} for {@code submitConsent} (or
 * {@code consent.timeout}), and the {@code result} then carries the answers.
 *
 * <p>A card lifted off the reader to show its front to the camera (face mode, camera path, policy
 * {@link SessionPolicy#cardLift} above zero, a certificate read) does not end the session at once: the
 * session keeps taking photographs of the card front and waits up to {@code cardLift} for a card; a
 * card put back is read again ({@link CardAction.Recognise}) and goes on only if its auth certificate
 * is the one read first. Anything else that needs the card waits in {@code card_return}.
 */
public final class VerificationSession {
    private final String id;
    private final String reader;
    private final SessionPolicy policy;
    private final Instant startedAt;

    private SessionState state = SessionState.WORKING;
    private CardAction pending;
    private long steps;
    private final EnumSet<Mode> allowed = EnumSet.noneOf(Mode.class);
    private Mode mode;
    private PinCounter pin;
    private boolean lastTryConfirmed;
    private final FaceTrack face;
    private boolean awaitingRetry;
    private Notice notice;
    private Text message;
    /** A VERIFY's outcome is unknown and the counter has not been read again yet. */
    private boolean verifyUnknown;
    private Optional<CertificateInfo> certificate = Optional.empty();
    /** In state {@code consent}: the verification that waits for the patient's answers. */
    private Ending verified;
    /** In state {@code consent}: the number of its timer. */
    private long consentStep;
    /** The card is off the reader (lifted to the camera) and may come back until then; null: on the reader. */
    private Instant awayUntil;
    /** The number of the lifted card's timer. */
    private long awayStep;
    /** A card was put back while a card-front reading ran: recognise it when that reading is done. */
    private boolean backWhileReading;
    /** 照合番号B read off the card front waits (held by the runtime) for the card to come back. */
    private boolean codeWaiting;
    /** The session ended because another card was put on the reader in place of the lifted one. */
    private boolean otherCard;

    private VerificationSession(String id, String reader, SessionPolicy policy, Instant startedAt) {
        this.id = Objects.requireNonNull(id);
        this.reader = Objects.requireNonNull(reader);
        this.policy = Objects.requireNonNull(policy);
        this.startedAt = Objects.requireNonNull(startedAt);
        this.face = new FaceTrack(policy);
    }

    /** A new session and its first outputs. */
    public record Started(VerificationSession session, List<SessionOutput> outputs) {
    }

    /** A session for a card just placed: {@code working}, reading the card. */
    public static Started start(String id, String reader, SessionPolicy policy, Instant at) {
        VerificationSession s = new VerificationSession(id, reader, policy, at);
        List<SessionOutput> out = new ArrayList<>();
        s.run(new CardAction.Prepare(s.nextStep()), out);
        return new Started(s, out);
    }

    public String id() {
        return id;
    }

    public SessionState state() {
        return state;
    }

    public boolean terminal() {
        return state.terminal();
    }

    /** The step the session waits for, if any (tests and the worker's timeout use it). */
    public Optional<CardAction> pending() {
        return Optional.ofNullable(pending);
    }

    /** The PIN's state as last known; empty before the card was read or for cards without a PIN. */
    public Optional<PinCounter> pin() {
        return Optional.ofNullable(pin);
    }

    /** While the card is away: the number its timer carries (tests); 0 otherwise. */
    long awayStep() {
        return awayUntil != null ? awayStep : 0;
    }

    /** In state {@code consent}: the number its timer carries (tests); 0 otherwise. */
    long consentStep() {
        return state == SessionState.CONSENT ? consentStep : 0;
    }

    /** What a client that connects now is told. */
    public SessionView view() {
        List<Mode> modes = new ArrayList<>(allowed);
        return new SessionView(id, reader, state, modes, Optional.ofNullable(mode), Optional.ofNullable(pin),
                lastTryConfirmed, face.progress(), Optional.ofNullable(notice), Optional.ofNullable(message),
                Optional.ofNullable(pending).map(CardAction::shownAs),
                state == SessionState.CONSENT ? Optional.of(policy.consentItems()) : Optional.empty(),
                face.cardCodeView(state, pending),
                Optional.ofNullable(awayUntil),
                startedAt);
    }

    /** Handles one event; returns the outputs in the order they must be applied. */
    public List<SessionOutput> on(SessionEvent event) {
        List<SessionOutput> out = new ArrayList<>();
        if (state.terminal()) {
            if (event instanceof Command c) {
                out.add(new Refuse(c.id(), Texts.ended()));
            }
            return out;
        }
        if (event instanceof Command c) {
            onCommand(c, out);
        } else if (event instanceof StepResult r) {
            onStep(r, out);
        } else if (event instanceof SessionEvent.CardRemoved e) {
            cardRemoved(e.at(), out);
        } else if (event instanceof SessionEvent.CardBack e) {
            cardBack(out);
        } else if (event instanceof SessionEvent.ReaderRemoved e) {
            gone(e.serviceLost() ? Reason.SERVICE_UNAVAILABLE : Reason.READER_REMOVED, e.at(), out);
        } else if (event instanceof SessionEvent.TimerFired t) {
            if (state == SessionState.CONSENT && t.step() == consentStep) {
                finish(Outcome.FAILED, Reason.TIMEOUT, t.at(), out);
            } else if (awayUntil != null && t.step() == awayStep && !(pending instanceof CardAction.Recognise)) {
                cardLost(false, t.at(), out);
            }
        }
        return out;
    }

    private void onCommand(Command c, List<SessionOutput> out) {
        if (c instanceof SessionEvent.Cancel) {
            out.add(new Accept(c.id()));
            finish(Outcome.ABORTED, Reason.CANCELLED, c.at(), out);
            return;
        }
        if (c instanceof SessionEvent.SubmitConsent a) {
            submitConsent(a, out);
            return;
        }
        if (state == SessionState.CONSENT) {
            out.add(new Refuse(c.id(), Texts.waitingForConsent()));
            return;
        }
        if (c instanceof SessionEvent.RecordDocument d) {
            out.add(new Accept(c.id()));
            finish(Ending.document(d), d.at(), out);
            return;
        }
        if (awayUntil != null && needsCard(c)) {
            out.add(new Refuse(c.id(), Texts.cardAway()));
            return;
        }
        if (c instanceof SessionEvent.RequestVisual) {
            out.add(new Accept(c.id()));
            if (state != SessionState.VISUAL_PENDING) {
                pending = null; // a step still running is abandoned; its result will be stale
                toVisual(null, out);
            }
            return;
        }
        if (pending != null) {
            out.add(new Refuse(c.id(), Texts.busy()));
            return;
        }
        if (c instanceof SessionEvent.ChooseMode m) {
            chooseMode(m, out);
        } else if (c instanceof SessionEvent.SubmitPin s) {
            submitPin(s, out);
        } else if (c instanceof SessionEvent.ConfirmLastTry) {
            if (state == SessionState.PIN_ENTRY && pin.lastTry() && !lastTryConfirmed) {
                out.add(new Accept(c.id()));
                lastTryConfirmed = true;
                publish(out);
            } else {
                out.add(refuseNow(c, "confirmLastTry"));
            }
        } else if (c instanceof SessionEvent.FaceCapture f) {
            if (state == SessionState.FACE_IN_PROGRESS) {
                out.add(new Accept(c.id()));
                awaitingRetry = false;
                run(new CardAction.MatchFace(nextStep(), f.frames()), out);
            } else {
                out.add(refuseNow(c, "faceCapture"));
            }
        } else if (c instanceof SessionEvent.SubmitCardCode k) {
            if (state == SessionState.CARD_CODE_ENTRY) {
                out.add(new Accept(c.id()));
                setNotice(null);
                face.codeTyped();
                run(new CardAction.ReadPhoto(nextStep(), true), out);
            } else {
                out.add(refuseNow(c, "submitCardCode"));
            }
        } else if (c instanceof SessionEvent.CardFrontCapture k) {
            cardFrontCapture(k, out);
        } else if (c instanceof SessionEvent.RetryFace) {
            if (state == SessionState.FACE_IN_PROGRESS && awaitingRetry) {
                out.add(new Accept(c.id()));
                awaitingRetry = false;
                setNotice(null);
                publish(out);
            } else {
                out.add(new Refuse(c.id(), Texts.nothingToRetry()));
            }
        } else if (c instanceof SessionEvent.ConfirmVisual v) {
            if (state == SessionState.VISUAL_PENDING) {
                out.add(new Accept(c.id()));
                finish(Ending.visual(v), v.at(), out);
            } else {
                out.add(refuseNow(c, "confirmVisual"));
            }
        }
    }

    /**
     * A photograph of the card front: taken in {@code card_code_entry} while the camera path is on, at most
     * {@link FaceTrack#MAX_FRONT_CAPTURES} per session and one per {@link FaceTrack#MIN_FRONT_INTERVAL}.
     */
    private void cardFrontCapture(SessionEvent.CardFrontCapture k, List<SessionOutput> out) {
        if (state != SessionState.CARD_CODE_ENTRY) {
            out.add(refuseNow(k, "cardFrontCapture"));
            return;
        }
        Optional<SessionOutput.Why> refused = face.frontCapture(k.at());
        if (refused.isPresent()) {
            out.add(new Refuse(k.id(), refused.get() == SessionOutput.Why.RATE ? Texts.cardFrontTooSoon()
                    : Texts.cardFrontOff(), refused.get()));
            return;
        }
        out.add(new Accept(k.id()));
        setNotice(null);
        run(new CardAction.ReadCardFront(nextStep(), k.image()), out);
    }

    /** The answers must name every item asked and no other ({@code bad_request}); then the state decides. */
    private void submitConsent(SessionEvent.SubmitConsent a, List<SessionOutput> out) {
        if (!a.answers().keySet().equals(java.util.Set.copyOf(policy.consentItems()))) {
            out.add(new Refuse(a.id(), Texts.consentItems(policy.consentItems()), SessionOutput.Why.REQUEST));
            return;
        }
        if (state != SessionState.CONSENT) {
            out.add(refuseNow(a, "submitConsent"));
            return;
        }
        out.add(new Accept(a.id()));
        java.util.Map<ConsentItem, Boolean> answers = new java.util.LinkedHashMap<>();
        policy.consentItems().forEach(i -> answers.put(i, a.answers().get(i)));
        finish(verified.withConsent(answers), a.at(), out);
    }

    private void chooseMode(SessionEvent.ChooseMode m, List<SessionOutput> out) {
        boolean choosing = state == SessionState.CHOOSE_MODE;
        boolean faceToPin = (state == SessionState.FACE_IN_PROGRESS || state == SessionState.CARD_CODE_ENTRY)
                && m.mode() == Mode.PIN;
        if (!choosing && !faceToPin) {
            out.add(refuseNow(m, "chooseMode"));
            return;
        }
        if (!allowed.contains(m.mode())) {
            out.add(new Refuse(m.id(), Texts.notOffered(m.mode())));
            return;
        }
        out.add(new Accept(m.id()));
        mode = m.mode();
        awaitingRetry = false;
        if (mode == Mode.FACE) {
            setNotice(null);
            if (face.photoRead()) {
                state = SessionState.FACE_IN_PROGRESS;
                publish(out);
            } else if (face.needsCode()) {
                state = SessionState.CARD_CODE_ENTRY;
                message = face.camera() ? Texts.cardFrontAsk() : Texts.cardCodeAsk();
                publish(out);
            } else {
                run(new CardAction.ReadPhoto(nextStep()), out);
            }
        } else {
            enterPin(null, null, out);
        }
    }

    private void submitPin(SessionEvent.SubmitPin s, List<SessionOutput> out) {
        if (state != SessionState.PIN_ENTRY || pin == null || !pin.usable()) {
            out.add(refuseNow(s, "submitPin"));
            return;
        }
        if (pin.lastTry() && !lastTryConfirmed) {
            out.add(new Refuse(s.id(), Texts.confirmFirst()));
            return;
        }
        out.add(new Accept(s.id()));
        setNotice(null);
        run(new CardAction.VerifyAndSign(nextStep(), s.challenge()), out);
    }

    private Refuse refuseNow(Command c, String name) {
        return new Refuse(c.id(), Texts.notNow(name, state));
    }

    private void onStep(StepResult r, List<SessionOutput> out) {
        if (pending == null || pending.step() != r.step() || !pending.answeredBy(r)) {
            return; // stale: a step abandoned, timed out, or never asked for
        }
        CardAction done = pending;
        pending = null;
        if (r instanceof SessionEvent.Prepared p && done instanceof CardAction.Recognise) {
            recognised(p, out);
        } else if (r instanceof SessionEvent.Prepared p) {
            prepared(p, out);
        } else if (r instanceof SessionEvent.CardFrontRead read) {
            face.frontRead(read.masked());
            if (awayUntil == null) {
                run(new CardAction.ReadPhoto(nextStep(), true), out); // exactly one VERIFY with what was read
            } else {
                codeWaiting = true; // the runtime keeps the code until the card is back (or zeroes it)
                awaitCard(Texts.cardReturnAsk(), out);
            }
        } else if (r instanceof SessionEvent.CardFrontUnreadable u) {
            boolean goesOn = face.frontUnreadable(u.refusal().map(SessionEvent.Refusal::code));
            state = SessionState.CARD_CODE_ENTRY;
            if (goesOn) {
                notice = Notice.CARD_FRONT_UNREADABLE;
                message = Texts.cardFrontUnreadable(u.refusal().get());
                if (backWhileReading) {
                    backWhileReading = false;
                    run(new CardAction.Recognise(nextStep()), out);
                } else {
                    publish(out);
                }
            } else if (awayUntil == null) {
                notice = null;
                message = Texts.cardFrontGaveUp();
                publish(out);
            } else {
                awaitCard(Texts.cardFrontGaveUpReturn(), out); // staff type once the card is back
            }
        } else if (r instanceof SessionEvent.PhotoRead) {
            face.photoWasRead();
            state = SessionState.FACE_IN_PROGRESS;
            publish(out);
        } else if (r instanceof SessionEvent.FaceChecked f) {
            faceChecked(f.match(), r.at(), out);
        } else if (r instanceof SessionEvent.CardCodeWrong w) {
            boolean fromCamera = face.codeFromCamera();
            face.codeRefused(w.triesLeft());
            state = SessionState.CARD_CODE_ENTRY;
            notice = null;
            message = fromCamera ? Texts.cardFrontCodeRefused(w.triesLeft()) : Texts.wrongCardCode(w.triesLeft());
            publish(out);
        } else if (r instanceof SessionEvent.CardCodeBlocked) {
            face.codeBlocked();
            allowed.remove(Mode.FACE);
            fallback(Notice.FACE_UNAVAILABLE, out);
            if (notice == Notice.FACE_UNAVAILABLE) {
                message = Texts.cardCodeBlocked();
                replaceLastView(out);
            }
        } else if (r instanceof SessionEvent.FaceUnavailable) {
            allowed.remove(Mode.FACE);
            fallback(Notice.FACE_UNAVAILABLE, out);
        } else if (r instanceof SessionEvent.PinSigned s) {
            pinSigned(s, ((CardAction.VerifyAndSign) done).challenge(), out);
        } else if (r instanceof SessionEvent.PinWrong w) {
            pin = PinCounter.afterWrongPin(w.triesLeft(), policy.pinMaxTries());
            pinKnown(null, Texts.wrongPin(w.triesLeft()), out);
        } else if (r instanceof SessionEvent.PinBlocked) {
            pin = PinCounter.blocked(policy.pinMaxTries());
            pinKnown(null, null, out);
        } else if (r instanceof SessionEvent.PinUnknown u) {
            if (u.after().isPresent()) {
                pin = u.after().get();
                pinKnown(Notice.CARD_ERROR, null, out);
            } else {
                verifyUnknown = true;
                run(new CardAction.ReadPinStatus(nextStep()), out);
            }
        } else if (r instanceof SessionEvent.PinStatusRead s) {
            verifyUnknown = false;
            pin = s.pin();
            pinKnown(Notice.CARD_ERROR, null, out);
        } else if (r instanceof SessionEvent.StepFailed f) {
            if (done instanceof CardAction.Recognise && f.reason().cardGone()) {
                stillAway(f.at(), out); // lifted again while being read: the same timer runs on
            } else if (done instanceof CardAction.Recognise) {
                cardLost(true, f.at(), out); // a card that cannot be read is not the one lifted: its own session says why
            } else if (f.reason().cardGone()) {
                pending = done; // gone() asks what was running
                gone(f.reason(), f.at(), out);
            } else {
                finish(Outcome.FAILED, f.reason(), f.at(), out);
            }
        } else if (r instanceof SessionEvent.StepTimedOut t) {
            finish(Outcome.FAILED, Reason.TIMEOUT, t.at(), out);
        }
    }

    // ---- a card lifted to the camera ----------------------------------------------------------

    /**
     * Whether the card may leave the reader without ending the session: face mode is reading the card
     * front with the camera (waiting for a photograph, or reading one), and the card can be recognised
     * when it comes back.
     */
    private boolean mayLift() {
        return !policy.cardLift().isZero() && certificate.isPresent() && mode == Mode.FACE && face.camera()
                && ((state == SessionState.CARD_CODE_ENTRY && pending == null)
                        || pending instanceof CardAction.ReadCardFront);
    }

    private void cardRemoved(Instant at, List<SessionOutput> out) {
        if (awayUntil != null && pending instanceof CardAction.Recognise) {
            pending = null; // lifted again while being read: the step's answer is stale now
            stillAway(at, out);
        } else if (awayUntil != null) {
            backWhileReading = false;
            publish(out);
        } else if (mayLift()) {
            awayUntil = at.plus(policy.cardLift());
            awayStep = nextStep();
            publish(out);
            out.add(new SessionOutput.Wait(awayStep, policy.cardLift()));
        } else {
            gone(Reason.CARD_REMOVED, at, out);
        }
    }

    /** A card was put on the reader while this session waits for its card: read it, now or after the OCR. */
    private void cardBack(List<SessionOutput> out) {
        if (awayUntil == null) {
            return;
        }
        if (pending instanceof CardAction.ReadCardFront) {
            backWhileReading = true;
            publish(out);
        } else if (pending == null) {
            run(new CardAction.Recognise(nextStep()), out);
        }
    }

    /**
     * The card is still away: take photographs of its front if the camera path goes on, else wait for it;
     * past the deadline (its timer fired while the card was being read), the session ends.
     */
    private void stillAway(Instant at, List<SessionOutput> out) {
        if (!at.isBefore(awayUntil)) {
            cardLost(false, at, out);
        } else if (codeWaiting || !face.camera()) {
            awaitCard(codeWaiting ? Texts.cardReturnAsk() : Texts.cardFrontGaveUpReturn(), out);
        } else {
            state = SessionState.CARD_CODE_ENTRY;
            publish(out);
        }
    }

    /** What comes next needs the card: {@code card_return}, or, if it is back already, recognise it. */
    private void awaitCard(Text text, List<SessionOutput> out) {
        if (backWhileReading) {
            backWhileReading = false;
            run(new CardAction.Recognise(nextStep()), out);
            return;
        }
        state = SessionState.CARD_RETURN;
        notice = null;
        message = text;
        publish(out);
    }

    /** The card put back was read: the same card goes on where it left off; another one ends this session. */
    private void recognised(SessionEvent.Prepared p, List<SessionOutput> out) {
        boolean same = certificate.isPresent() && p.facts().certificate().isPresent()
                && java.util.Arrays.equals(certificate.get().der(), p.facts().certificate().get().der());
        if (!same) {
            cardLost(true, p.at(), out);
            return;
        }
        awayUntil = null; // its timer is stale from here on
        if (codeWaiting) {
            codeWaiting = false;
            run(new CardAction.ReadPhoto(nextStep(), true), out); // the one VERIFY with what was read
        } else {
            state = SessionState.CARD_CODE_ENTRY;
            notice = null;
            message = face.camera() ? Texts.cardFrontAsk() : Texts.cardCodeAsk();
            publish(out);
        }
    }

    /**
     * The lifted card did not come back: not in time, or another card ({@code other}: the runtime starts
     * a session for it) was put back. The session ends {@code aborted}, {@code card_removed}.
     */
    private void cardLost(boolean other, Instant at, List<SessionOutput> out) {
        otherCard = other;
        finish(Outcome.ABORTED, Reason.CARD_REMOVED, at, out);
    }

    /** Commands that need the card on the reader (refused while it is away). */
    private static boolean needsCard(Command c) {
        return c instanceof SessionEvent.RequestVisual || c instanceof SessionEvent.ChooseMode
                || c instanceof SessionEvent.SubmitCardCode || c instanceof SessionEvent.SubmitPin
                || c instanceof SessionEvent.FaceCapture || c instanceof SessionEvent.ConfirmVisual;
    }

    /** Whether the card is off the reader and the session waits for it to come back. */
    public boolean cardAway() {
        return awayUntil != null;
    }

    /** Whether 照合番号B read off the card front waits for the card to come back (the runtime holds it). */
    public boolean codeWaiting() {
        return codeWaiting;
    }

    /** Whether the session ended because another card was put back in place of the lifted one. */
    public boolean endedForOtherCard() {
        return otherCard;
    }

    private void prepared(SessionEvent.Prepared p, List<SessionOutput> out) {
        CardFacts facts = p.facts();
        certificate = facts.certificate();
        pin = facts.pin().orElse(null);
        Optional<Admission.Refusal> refusal = Admission.check(facts);
        if (refusal.isPresent()) {
            finishRefused(refusal.get(), p.at(), out);
            return;
        }
        if (facts.faceAvailable()) {
            allowed.add(Mode.FACE);
            face.offer(facts);
        }
        if (pin != null && pin.usable()) {
            allowed.add(Mode.PIN);
        }
        Notice why = Admission.pinNotice(pin);
        if (allowed.isEmpty()) {
            toVisual(why, out);
        } else {
            state = SessionState.CHOOSE_MODE;
            setNotice(why);
            if (why == null && facts.afterUnknownVerify()) {
                notice = Notice.CARD_ERROR;
                message = Texts.afterUnknownVerify();
            }
            publish(out);
        }
    }

    /** A comparison's verdict ({@link FaceTrack#judge}): verified, one attempt, or face over for this card. */
    private void faceChecked(FaceMatch match, Instant at, List<SessionOutput> out) {
        FaceTrack.Verdict verdict = face.judge(match);
        if (verdict instanceof FaceTrack.Verdict.Verified v) {
            finish(Ending.face(v.result()), at, out);
        } else if (verdict instanceof FaceTrack.Verdict.Attempt a && !a.last()) {
            state = SessionState.FACE_IN_PROGRESS;
            awaitingRetry = true;
            setNotice(a.notice());
            publish(out);
        } else {
            allowed.remove(Mode.FACE);
            fallback(verdict instanceof FaceTrack.Verdict.Attempt a ? a.notice() : Notice.FACE_UNAVAILABLE, out);
        }
    }

    /** Replaces the last {@code session} view in {@code out} by the current one (after changing its message). */
    private void replaceLastView(List<SessionOutput> out) {
        for (int i = out.size() - 1; i >= 0; i--) {
            if (out.get(i) instanceof Publish) {
                out.set(i, new Publish(view()));
                return;
            }
        }
    }

    /** Face is over for this session: PIN if usable, else 目視確認. */
    private void fallback(Notice why, List<SessionOutput> out) {
        if (allowed.contains(Mode.PIN)) {
            enterPin(why, null, out);
        } else {
            toVisual(why, out);
        }
    }

    private void pinSigned(SessionEvent.PinSigned s, byte[] challenge, List<SessionOutput> out) {
        pin = PinCounter.remaining(policy.pinMaxTries(), policy.pinMaxTries());
        if (certificate.isEmpty() && s.certificate().isPresent()) {
            certificate = s.certificate();
            Optional<Admission.Refusal> refusal = Admission.certificate(certificate.get());
            if (refusal.isPresent()) {
                finishRefused(refusal.get(), s.at(), out);
                return;
            }
        }
        if (certificate.isEmpty()) {
            finish(Outcome.FAILED, Reason.CARD_ERROR, s.at(), out);
            return;
        }
        finish(Ending.pin(challenge, s.signature()), s.at(), out);
    }

    /** A new PIN counter is known: offer the PIN again, or never again. */
    private void pinKnown(Notice why, Text text, List<SessionOutput> out) {
        lastTryConfirmed = false;
        if (!pin.usable()) {
            allowed.remove(Mode.PIN);
            toVisual(pin.blocked() ? Notice.PIN_BLOCKED : Notice.PIN_UNUSABLE, out);
            return;
        }
        enterPin(why, text, out);
    }

    /** PIN entry; at one try left the notice is always {@code pin_last_try}. */
    private void enterPin(Notice why, Text text, List<SessionOutput> out) {
        state = SessionState.PIN_ENTRY;
        mode = Mode.PIN;
        setNotice(pin.lastTry() ? Notice.PIN_LAST_TRY : why);
        if (text != null && notice == null) {
            message = text;
        }
        publish(out);
    }

    /** Only staff can finish from here: nothing is left for the patient to choose. */
    private void toVisual(Notice why, List<SessionOutput> out) {
        state = SessionState.VISUAL_PENDING;
        allowed.clear();
        awaitingRetry = false;
        setNotice(why);
        if (why == null) {
            message = Texts.visualRequested();
        }
        publish(out);
    }

    private void setNotice(Notice n) {
        notice = n;
        message = n == null ? null
                : face.text(n);
    }

    private long nextStep() {
        return ++steps;
    }

    private void run(CardAction action, List<SessionOutput> out) {
        pending = action;
        state = SessionState.WORKING;
        publish(out);
        out.add(new Run(action));
    }

    private void publish(List<SessionOutput> out) {
        out.add(new Publish(view()));
    }

    private void finishRefused(Admission.Refusal refusal, Instant at, List<SessionOutput> out) {
        finish(Ending.failed(refusal.reason(), refusal.message()), at, out);
    }

    /**
     * The card (or its reader) went away. If a VERIFY was on its way, nobody can say whether the
     * card counted it: the result says so ({@code notice: card_error}), so that the patient and the
     * audit know why the next session may show one try fewer.
     */
    private void gone(Reason reason, Instant at, List<SessionOutput> out) {
        if (pending instanceof CardAction.VerifyAndSign || verifyUnknown) {
            finish(Ending.verifyUnknown(reason), at, out);
        } else {
            finish(Outcome.ABORTED, reason, at, out);
        }
    }

    /** The certificate read from this card, if any (to recognise the card when it comes back). */
    public Optional<CertificateInfo> certificate() {
        return certificate;
    }

    private void finish(Outcome outcome, Reason reason, Instant at, List<SessionOutput> out) {
        finish(Ending.of(outcome, reason), at, out);
    }

    /**
     * Ends the session: one {@code result}, after which the session answers only with errors. A card
     * verification (face, PIN, 目視確認) with consent on waits in {@code consent} first.
     */
    private void finish(Ending e, Instant at, List<SessionOutput> out) {
        codeWaiting = false; // whatever ends (or pauses) the session, a code read for a lifted card is not sent
        if (e.outcome() == Outcome.VERIFIED && e.method() != Method.DOCUMENT && e.consent() == null
                && policy.consentOn()) {
            verified = e;
            pending = null;
            state = SessionState.CONSENT;
            allowed.clear();
            awaitingRetry = false;
            notice = null;
            message = Texts.consentAsk();
            consentStep = nextStep();
            publish(out);
            out.add(new SessionOutput.Wait(consentStep, policy.consentTimeout()));
            return;
        }
        state = e.outcome() == Outcome.ABORTED ? SessionState.ABORTED : SessionState.COMPLETED;
        pending = null;
        out.add(new SessionOutput.Finish(e.result(id, reader, certificate, startedAt, at)));
    }
}
