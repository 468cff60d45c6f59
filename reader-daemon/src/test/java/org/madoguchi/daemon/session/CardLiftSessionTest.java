package org.madoguchi.daemon.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.session.Facts.POLICY;
import static org.madoguchi.daemon.session.Facts.at;
import static org.madoguchi.daemon.session.Facts.lastView;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.madoguchi.driver.pki.CertificateReport;
import org.madoguchi.driver.pki.ChainVerdict;
import org.madoguchi.driver.pki.Renewal;

/**
 * A card lifted off the reader to show its front to the camera: the session waits {@code cardLift} for
 * it, reads the card put back, and goes on only with the same card.
 */
class CardLiftSessionTest {
    private static final byte[] IMAGE = {(byte) 0xFF, (byte) 0xD8, 1};
    private static final Text MASKED = Text.of("昭和60年**月**日生", "Showa 60");

    private VerificationSession session;


    private static <T> T only(Class<T> type, List<SessionOutput> out) {
        List<T> found = out.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), () -> "one " + type.getSimpleName() + " in " + out);
        return found.get(0);
    }

    private static boolean none(Class<?> type, List<SessionOutput> out) {
        return out.stream().noneMatch(type::isInstance);
    }

    private long step() {
        return session.pending().orElseThrow().step();
    }

    /** A card whose front the camera reads, in {@code card_code_entry}. */
    private void toCardFront(SessionPolicy policy, CardFacts facts) {
        session = VerificationSession.start("s-1", "R", policy, at(0)).session();
        session.on(new SessionEvent.Prepared(step(), facts.withCardCode(10, true), at(1)));
        SessionView v = lastView(session.on(new SessionEvent.ChooseMode("1", Mode.FACE, at(2))));
        assertEquals(SessionState.CARD_CODE_ENTRY, v.state());
    }

    private void toCardFront() {
        toCardFront(POLICY, Facts.fresh());
    }

    private static CardFacts otherCard() {
        CertificateInfo other = new CertificateInfo(new byte[] {0x30, 0x03, 0x02, 0x01, 0x02}, new CertificateReport(
                "0A1C", "C=JP, O=JPKI-TEST", "C=JP, CN=OTHER", Facts.T0.minusSeconds(86_400),
                Facts.T0.plusSeconds(86_400 * 365), ChainVerdict.VALID, Renewal.NONE));
        return new CardFacts(CardKind.of(org.madoguchi.driver.card.TokenKind.MY_NUMBER_CARD),
                Optional.of(PinCounter.remaining(3, 3)), Optional.of(other), false, true);
    }

    @Test
    void aLiftedCardIsWaitedForAndTheSameCardGoesOnWithTheCodeReadMeanwhile() {
        toCardFront();
        List<SessionOutput> lifted = session.on(new SessionEvent.CardRemoved(at(3)));
        assertTrue(none(SessionOutput.Finish.class, lifted), lifted::toString);
        SessionView away = lastView(lifted);
        assertEquals(SessionState.CARD_CODE_ENTRY, away.state());
        assertEquals(Optional.of(at(3).plus(SessionPolicy.DEFAULT_CARD_LIFT)), away.cardAwayUntil());
        assertEquals(SessionPolicy.DEFAULT_CARD_LIFT, only(SessionOutput.Wait.class, lifted).after());
        assertTrue(session.cardAway());

        // the photograph is taken with the card in the patient's hand
        only(SessionOutput.Accept.class, session.on(new SessionEvent.CardFrontCapture("2", IMAGE, at(4))));
        assertInstanceOf(CardAction.ReadCardFront.class, session.pending().orElseThrow());
        List<SessionOutput> read = session.on(new SessionEvent.CardFrontRead(step(), MASKED, at(5)));
        assertTrue(none(SessionOutput.Run.class, read), "no VERIFY without the card: " + read);
        SessionView back = lastView(read);
        assertEquals(SessionState.CARD_RETURN, back.state());
        assertTrue(back.message().orElseThrow().ja().contains("戻してください"), back::toString);
        assertEquals(Optional.of(MASKED), back.cardCode().orElseThrow().read(), "staff see the masked reading");
        assertTrue(session.codeWaiting());

        // the card is put back: read again, recognised by its certificate, then the one VERIFY
        CardAction recognise = only(SessionOutput.Run.class, session.on(new SessionEvent.CardBack(at(8)))).action();
        assertInstanceOf(CardAction.Recognise.class, recognise);
        assertEquals(Step.READING_CARD, session.view().step().orElseThrow());
        List<SessionOutput> same = session.on(new SessionEvent.Prepared(recognise.step(), Facts.fresh(), at(9)));
        CardAction.ReadPhoto photo = assertInstanceOf(CardAction.ReadPhoto.class,
                only(SessionOutput.Run.class, same).action());
        assertTrue(photo.typed(), "the code read off the front goes with it");
        assertFalse(session.cardAway());
        assertFalse(session.codeWaiting());
        assertEquals(Optional.empty(), lastView(same).cardAwayUntil());

        SessionView face = lastView(session.on(new SessionEvent.PhotoRead(step(), at(10))));
        assertEquals(SessionState.FACE_IN_PROGRESS, face.state());
        // the lift's timer, firing later, changes nothing
        assertEquals(List.of(), session.on(new SessionEvent.TimerFired(only(SessionOutput.Wait.class, lifted).step(),
                at(40))));
    }

    @Test
    void anotherCardPutBackEndsTheSessionAsRemoved() {
        toCardFront();
        session.on(new SessionEvent.CardRemoved(at(3)));
        session.on(new SessionEvent.CardFrontCapture("2", IMAGE, at(4)));
        session.on(new SessionEvent.CardFrontRead(step(), MASKED, at(5)));
        session.on(new SessionEvent.CardBack(at(6)));
        List<SessionOutput> out = session.on(new SessionEvent.Prepared(step(), otherCard(), at(7)));
        SessionResult r = only(SessionOutput.Finish.class, out).result();
        assertEquals(Outcome.ABORTED, r.outcome());
        assertEquals(Optional.of(Reason.CARD_REMOVED), r.reason());
        assertTrue(none(SessionOutput.Run.class, out), "no VERIFY on another card: " + out);
        assertTrue(session.endedForOtherCard());
        assertFalse(session.codeWaiting(), "the code read for the first card is dropped");
    }

    @Test
    void aCardThatCannotBeReadWhenPutBackIsNotTakenForTheLiftedOne() {
        toCardFront();
        session.on(new SessionEvent.CardRemoved(at(3)));
        session.on(new SessionEvent.CardBack(at(6)));
        SessionResult r = only(SessionOutput.Finish.class, session.on(new SessionEvent.StepFailed(step(),
                Reason.CARD_ERROR, at(7)))).result();
        assertEquals(Optional.of(Reason.CARD_REMOVED), r.reason());
        assertTrue(session.endedForOtherCard());
    }

    @Test
    void aCardNotPutBackInTimeEndsTheSessionAsRemoved() {
        toCardFront();
        SessionOutput.Wait wait = only(SessionOutput.Wait.class, session.on(new SessionEvent.CardRemoved(at(3))));
        assertEquals(List.of(), session.on(new SessionEvent.TimerFired(wait.step() + 1, at(20))), "another timer");
        SessionResult r = only(SessionOutput.Finish.class, session.on(new SessionEvent.TimerFired(wait.step(),
                at(33)))).result();
        assertEquals(Outcome.ABORTED, r.outcome());
        assertEquals(Optional.of(Reason.CARD_REMOVED), r.reason());
        assertTrue(session.terminal());
    }

    @Test
    void liftedAgainWhileBeingReadTheSameDeadlineHolds() {
        toCardFront();
        SessionOutput.Wait wait = only(SessionOutput.Wait.class, session.on(new SessionEvent.CardRemoved(at(3))));
        session.on(new SessionEvent.CardBack(at(10)));
        long recognise = step();
        SessionView again = lastView(session.on(new SessionEvent.CardRemoved(at(11))));
        assertEquals(SessionState.CARD_CODE_ENTRY, again.state(), "photographs go on");
        assertTrue(session.pending().isEmpty());
        assertTrue(none(SessionOutput.Wait.class, session.on(new SessionEvent.CardBack(at(20)))), "no new timer");
        // the timer fires while the card is being read: the reading decides
        assertEquals(List.of(), session.on(new SessionEvent.TimerFired(wait.step(), at(33))));
        assertEquals(List.of(), session.on(new SessionEvent.Prepared(recognise, Facts.fresh(), at(34))), "stale step");
        SessionResult r = only(SessionOutput.Finish.class, session.on(new SessionEvent.StepFailed(step(),
                Reason.CARD_REMOVED, at(34)))).result();
        assertEquals(Optional.of(Reason.CARD_REMOVED), r.reason(), "past the deadline and gone again");
    }

    @Test
    void aCardBackWhileItsFrontIsReadIsRecognisedRightAfter() {
        toCardFront();
        session.on(new SessionEvent.CardRemoved(at(3)));
        session.on(new SessionEvent.CardFrontCapture("2", IMAGE, at(4)));
        long ocr = step();
        assertTrue(none(SessionOutput.Run.class, session.on(new SessionEvent.CardBack(at(5)))), "the OCR runs on");
        CardAction next = only(SessionOutput.Run.class, session.on(new SessionEvent.CardFrontRead(ocr, MASKED,
                at(6)))).action();
        assertInstanceOf(CardAction.Recognise.class, next);
        CardAction photo = only(SessionOutput.Run.class, session.on(new SessionEvent.Prepared(next.step(),
                Facts.fresh(), at(7)))).action();
        assertTrue(assertInstanceOf(CardAction.ReadPhoto.class, photo).typed());
    }

    @Test
    void whileTheCardIsAwayWhatNeedsItIsRefusedAndCancelIsNot() {
        toCardFront();
        session.on(new SessionEvent.CardRemoved(at(3)));
        for (SessionEvent.Command c : List.<SessionEvent.Command>of(new SessionEvent.ChooseMode("p", Mode.PIN, at(4)),
                new SessionEvent.RequestVisual("v", at(4)), new SessionEvent.SubmitCardCode("k", at(4)))) {
            SessionOutput.Refuse no = only(SessionOutput.Refuse.class, session.on(c));
            assertEquals(SessionOutput.Why.STATE, no.why());
            assertTrue(no.message().ja().contains("カードを戻して"), no::toString);
        }
        List<SessionOutput> out = session.on(new SessionEvent.Cancel("c", at(5)));
        only(SessionOutput.Accept.class, out);
        assertEquals(Optional.of(Reason.CANCELLED), only(SessionOutput.Finish.class, out).result().reason());
    }

    @Test
    void whenTheCameraGivesUpWhileTheCardIsAwayItIsAskedBackAndStaffType() {
        toCardFront();
        session.on(new SessionEvent.CardRemoved(at(3)));
        SessionView v = null;
        for (int i = 0; i < 10; i++) {
            session.on(new SessionEvent.CardFrontCapture("c" + i, IMAGE, at(4 + 2 * i)));
            v = lastView(session.on(new SessionEvent.CardFrontUnreadable(step(), Optional.of(new SessionEvent.Refusal(
                    "card_not_found", Text.of("カードが見つかりません", "No card"))), at(5 + 2 * i))));
        }
        assertEquals(SessionState.CARD_RETURN, v.state());
        assertFalse(v.cardCode().orElseThrow().camera());
        session.on(new SessionEvent.CardBack(at(25)));
        SessionView typed = lastView(session.on(new SessionEvent.Prepared(step(), Facts.fresh(), at(26))));
        assertEquals(SessionState.CARD_CODE_ENTRY, typed.state());
        assertTrue(typed.message().orElseThrow().ja().contains("職員が照合番号を入力します"), typed::toString);
        assertEquals(Optional.empty(), typed.cardAwayUntil());
    }

    @Test
    void outsideTheCameraPathOrWithCardLiftOffRemovalEndsTheSession() {
        // choose_mode: nothing asks the patient to lift the card
        session = VerificationSession.start("s-1", "R", POLICY, at(0)).session();
        session.on(new SessionEvent.Prepared(step(), Facts.fresh().withCardCode(10, true), at(1)));
        assertEquals(Optional.of(Reason.CARD_REMOVED), only(SessionOutput.Finish.class,
                session.on(new SessionEvent.CardRemoved(at(2)))).result().reason());
        // typed 照合番号B: the card stays on the reader
        session = VerificationSession.start("s-2", "R", POLICY, at(0)).session();
        session.on(new SessionEvent.Prepared(step(), Facts.fresh().withCardCodeTyped(10), at(1)));
        session.on(new SessionEvent.ChooseMode("1", Mode.FACE, at(2)));
        only(SessionOutput.Finish.class, session.on(new SessionEvent.CardRemoved(at(3))));
        // face.cardLift: off
        toCardFront(POLICY.withCardLift(Duration.ZERO), Facts.fresh());
        only(SessionOutput.Finish.class, session.on(new SessionEvent.CardRemoved(at(3))));
        // reading the photo with the code: the card is needed, so lifting it ends the session
        toCardFront();
        session.on(new SessionEvent.CardFrontCapture("2", IMAGE, at(4)));
        session.on(new SessionEvent.CardFrontRead(step(), MASKED, at(5)));
        assertInstanceOf(CardAction.ReadPhoto.class, session.pending().orElseThrow());
        only(SessionOutput.Finish.class, session.on(new SessionEvent.CardRemoved(at(6))));
    }
}
