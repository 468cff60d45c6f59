package org.madoguchi.daemon.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.session.Facts.POLICY;
import static org.madoguchi.daemon.session.Facts.at;
import static org.madoguchi.daemon.session.Facts.lastView;

import java.util.List;
import java.util.Optional;

import org.madoguchi.driver.face.FaceLiveness;
import org.madoguchi.driver.face.FaceMatch;

import org.junit.jupiter.api.Test;
import org.madoguchi.driver.pki.ChainVerdict;
import org.madoguchi.driver.pki.Renewal;
import org.madoguchi.driver.card.TokenKind;

/** The session state machine, example by example (the property test covers random sequences). */
class VerificationSessionTest {
    private VerificationSession session;
    private int clock;

    private List<SessionOutput> start(CardFacts facts) {
        var started = VerificationSession.start("s-1", "R", POLICY, at(0));
        session = started.session();
        assertEquals(SessionState.WORKING, session.state());
        assertInstanceOf(CardAction.Prepare.class, session.pending().orElseThrow());
        return session.on(new SessionEvent.Prepared(pendingStep(), facts, at(++clock)));
    }

    private long pendingStep() {
        return session.pending().orElseThrow().step();
    }

    private List<SessionOutput> on(SessionEvent e) {
        return session.on(e);
    }


    private static Optional<SessionResult> result(List<SessionOutput> out) {
        return out.stream().filter(o -> o instanceof SessionOutput.Finish)
                .map(o -> ((SessionOutput.Finish) o).result()).findFirst();
    }

    private static SessionOutput.Refuse refusal(List<SessionOutput> out) {
        assertEquals(1, out.size(), out::toString);
        return assertInstanceOf(SessionOutput.Refuse.class, out.get(0));
    }

    private List<SessionOutput> submit(String pin) {
        return on(new SessionEvent.SubmitPin("p", pin.getBytes(), at(++clock)));
    }

    @Test
    void freshCardOffersBothModes() {
        SessionView v = lastView(start(Facts.fresh()));
        assertEquals(SessionState.CHOOSE_MODE, v.state());
        assertEquals(List.of(Mode.FACE, Mode.PIN), v.allowedModes());
        assertEquals(Optional.empty(), v.notice());
    }

    @Test
    void faceMatchAtTheThresholdVerifies() {
        start(Facts.fresh());
        on(new SessionEvent.ChooseMode("1", Mode.FACE, at(2)));
        assertInstanceOf(CardAction.ReadPhoto.class, session.pending().orElseThrow());
        on(new SessionEvent.PhotoRead(pendingStep(), at(3)));
        assertEquals(SessionState.FACE_IN_PROGRESS, session.state());
        on(new SessionEvent.FaceCapture("2", List.of(new byte[0]), at(4)));
        SessionResult r = result(on(new SessionEvent.FaceChecked(pendingStep(), new FaceMatch.Compared(0.55, 0.55,
                FaceLiveness.LIVE), at(5)))).orElseThrow();
        assertEquals(Outcome.VERIFIED, r.outcome());
        assertEquals(Optional.of(Method.FACE), r.method());
        assertEquals(0.55, r.face().orElseThrow().threshold());
        assertEquals(0.55, r.face().orElseThrow().distance());
        assertEquals(FaceLiveness.LIVE, r.face().orElseThrow().liveness());
        assertEquals(SessionState.COMPLETED, session.state());
    }

    @Test
    void pinSignedCarriesChallengeAndSignature() {
        start(Facts.fresh());
        on(new SessionEvent.ChooseMode("1", Mode.PIN, at(2)));
        List<SessionOutput> out = submit("nonce");
        CardAction.VerifyAndSign v = (CardAction.VerifyAndSign) session.pending().orElseThrow();
        assertArrayEquals("nonce".getBytes(), v.challenge());
        assertTrue(out.stream().anyMatch(o -> o instanceof SessionOutput.Run r && r.action() == v));
        SessionResult r = result(on(new SessionEvent.PinSigned(v.step(), new byte[] {9}, Optional.empty(), at(9))))
                .orElseThrow();
        assertEquals(Optional.of(Method.PIN), r.method());
        assertArrayEquals("nonce".getBytes(), r.challenge().orElseThrow());
        assertArrayEquals(new byte[] {9}, r.signature().orElseThrow());
        assertEquals(at(0), r.startedAt());
        assertEquals(at(9), r.finishedAt());
    }

    @Test
    void lastTryNeedsConfirmationAndBlockingGoesToVisualForever() {
        start(Facts.card(PinCounter.remaining(2, 3), false));
        on(new SessionEvent.ChooseMode("1", Mode.PIN, at(2)));
        submit("1");
        SessionView v = lastView(on(new SessionEvent.PinWrong(pendingStep(), 1, at(3))));
        assertEquals(SessionState.PIN_ENTRY, v.state());
        assertEquals(Optional.of(Notice.PIN_LAST_TRY), v.notice());
        refusal(submit("2"));
        on(new SessionEvent.ConfirmLastTry("c", at(4)));
        refusal(on(new SessionEvent.ConfirmLastTry("c2", at(4))));
        submit("3");
        v = lastView(on(new SessionEvent.PinBlocked(pendingStep(), true, at(5))));
        assertEquals(SessionState.VISUAL_PENDING, v.state());
        assertEquals(Optional.of(Notice.PIN_BLOCKED), v.notice());
        assertTrue(v.message().orElseThrow().ja().contains("市区町村"));
        assertEquals(List.of(), v.allowedModes());
        refusal(submit("4"));
        SessionResult r = result(on(new SessionEvent.ConfirmVisual("v", "staff", Optional.empty(), at(6))))
                .orElseThrow();
        assertEquals(Optional.of("staff"), r.staff());
        assertEquals(Optional.of(Method.VISUAL), r.method());
    }

    @Test
    void faceExhaustedFallsBackToPinThenToVisualWhenPinIsUnusable() {
        start(Facts.fresh());
        on(new SessionEvent.ChooseMode("1", Mode.FACE, at(2)));
        on(new SessionEvent.PhotoRead(pendingStep(), at(3)));
        for (int i = 0; i < 3; i++) {
            on(new SessionEvent.FaceCapture("f" + i, List.of(new byte[0]), at(4)));
            on(new SessionEvent.FaceChecked(pendingStep(), i == 1 ? new FaceMatch.NoFaceInLive()
                    : new FaceMatch.Compared(0.9, 0.55, FaceLiveness.LIVE), at(5)));
        }
        assertEquals(SessionState.PIN_ENTRY, session.state());
        assertEquals(Optional.of(Notice.FACE_MISMATCH), session.view().notice());

        start(Facts.card(PinCounter.unusable(3), true));
        assertEquals(Optional.of(Notice.PIN_UNUSABLE), session.view().notice());
        on(new SessionEvent.ChooseMode("1", Mode.FACE, at(2)));
        on(new SessionEvent.PhotoRead(pendingStep(), at(3)));
        on(new SessionEvent.FaceCapture("f", List.of(new byte[0]), at(4)));
        on(new SessionEvent.FaceUnavailable(pendingStep(), at(5)));
        assertEquals(SessionState.VISUAL_PENDING, session.state());
        assertEquals(Optional.of(Notice.FACE_UNAVAILABLE), session.view().notice());
    }

    @Test
    void noModeAtAllGoesStraightToVisual() {
        SessionView v = lastView(start(Facts.card(PinCounter.blocked(3), false)));
        assertEquals(SessionState.VISUAL_PENDING, v.state());
        assertEquals(Optional.of(Notice.PIN_BLOCKED), v.notice());
    }

    @Test
    void unknownVerifyOutcomeRereadsTheCounterAndSaysSo() {
        start(Facts.fresh());
        on(new SessionEvent.ChooseMode("1", Mode.PIN, at(2)));
        submit("1");
        on(new SessionEvent.PinUnknown(pendingStep(), Optional.empty(), at(3)));
        assertInstanceOf(CardAction.ReadPinStatus.class, session.pending().orElseThrow());
        SessionView v = lastView(on(new SessionEvent.PinStatusRead(pendingStep(), PinCounter.remaining(2, 3), at(4))));
        assertEquals(SessionState.PIN_ENTRY, v.state());
        assertEquals(2, v.pin().orElseThrow().retriesLeft());
        assertEquals(Optional.of(Notice.CARD_ERROR), v.notice());
    }

    @Test
    void cardsThatCannotBeVerifiedFailAtPreparation() {
        assertEquals(Reason.NOT_MY_NUMBER_CARD,
                result(start(CardFacts.only(CardKind.of(TokenKind.NOT_JPKI)))).orElseThrow().reason().orElseThrow());
        assertEquals(Reason.UNSUPPORTED_TOKEN,
                result(start(CardFacts.only(CardKind.of(TokenKind.IPHONE_TOKEN)))).orElseThrow().reason()
                        .orElseThrow());
        CardFacts lapsed = new CardFacts(CardKind.of(TokenKind.MY_NUMBER_CARD),
                Optional.of(PinCounter.remaining(3, 3)),
                Optional.of(Facts.certificate(ChainVerdict.EXPIRED, Renewal.LAPSED)), false, true);
        SessionResult r = result(start(lapsed)).orElseThrow();
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.certificate().isPresent(), "the lapsed certificate is reported");
        CardFacts grace = new CardFacts(CardKind.of(TokenKind.MY_NUMBER_CARD),
                Optional.of(PinCounter.remaining(3, 3)),
                Optional.of(Facts.certificate(ChainVerdict.EXPIRED, Renewal.GRACE)), false, true);
        assertEquals(SessionState.CHOOSE_MODE, lastView(start(grace)).state());
        CardFacts untrusted = new CardFacts(CardKind.of(TokenKind.MY_NUMBER_CARD),
                Optional.of(PinCounter.remaining(3, 3)),
                Optional.of(Facts.certificate(ChainVerdict.UNTRUSTED, Renewal.NONE)), false, true);
        assertEquals(Reason.NOT_MY_NUMBER_CARD, result(start(untrusted)).orElseThrow().reason().orElseThrow());
    }

    @Test
    void staleAndMismatchedResultsAreIgnored() {
        start(Facts.fresh());
        on(new SessionEvent.ChooseMode("1", Mode.PIN, at(2)));
        submit("1");
        long step = pendingStep();
        assertEquals(List.of(), on(new SessionEvent.PinSigned(step + 1, new byte[1], Optional.empty(), at(3))));
        assertEquals(List.of(), on(new SessionEvent.PhotoRead(step, at(3))));
        on(new SessionEvent.RequestVisual("v", at(4)));
        assertEquals(SessionState.VISUAL_PENDING, session.state());
        assertEquals(List.of(), on(new SessionEvent.PinSigned(step, new byte[1], Optional.empty(), at(5))),
                "the abandoned VERIFY's result changes nothing");
    }

    @Test
    void removalEndsAnyLiveSessionOnceAndNothingFollows() {
        start(Facts.fresh());
        on(new SessionEvent.ChooseMode("1", Mode.FACE, at(2)));
        SessionResult r = result(on(new SessionEvent.CardRemoved(at(3)))).orElseThrow();
        assertEquals(Outcome.ABORTED, r.outcome());
        assertEquals(Optional.of(Reason.CARD_REMOVED), r.reason());
        assertEquals(Optional.empty(), r.certificate());
        assertEquals(SessionState.ABORTED, session.state());
        assertEquals(List.of(), on(new SessionEvent.ReaderRemoved(at(4))));
        assertEquals(List.of(), on(new SessionEvent.StepTimedOut(2, at(4))));
        refusal(on(new SessionEvent.Cancel("c", at(5))));
        assertFalse(session.pending().isPresent());
    }

    @Test
    void timeoutAndCardErrorFailTheSession() {
        start(Facts.fresh());
        on(new SessionEvent.ChooseMode("1", Mode.PIN, at(2)));
        submit("1");
        SessionResult r = result(on(new SessionEvent.StepTimedOut(pendingStep(), at(3)))).orElseThrow();
        assertEquals(Outcome.FAILED, r.outcome());
        assertEquals(Optional.of(Reason.TIMEOUT), r.reason());
        var started = VerificationSession.start("s-2", "R", POLICY, at(0));
        r = result(started.session().on(new SessionEvent.StepFailed(1, Reason.CARD_REMOVED, at(1)))).orElseThrow();
        assertEquals(Outcome.ABORTED, r.outcome());
    }
}
