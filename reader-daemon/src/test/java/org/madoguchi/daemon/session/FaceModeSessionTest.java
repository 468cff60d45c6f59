package org.madoguchi.daemon.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.session.Facts.POLICY;
import static org.madoguchi.daemon.session.Facts.at;
import static org.madoguchi.daemon.session.Facts.lastView;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.madoguchi.driver.face.FaceLiveness;
import org.madoguchi.driver.face.FaceMatch;

/** Face mode in the state machine: typed 照合番号B, liveness, and the verdicts. */
class FaceModeSessionTest {
    private VerificationSession session;

    private SessionView start(SessionPolicy policy, CardFacts facts) {
        session = VerificationSession.start("s-1", "R", policy, at(0)).session();
        return lastView(session.on(new SessionEvent.Prepared(step(), facts, at(1))));
    }

    private long step() {
        return session.pending().orElseThrow().step();
    }


    private List<SessionOutput> capture(FaceMatch match) {
        session.on(new SessionEvent.FaceCapture("f", List.of(new byte[0]), at(5)));
        assertInstanceOf(CardAction.MatchFace.class, session.pending().orElseThrow());
        return session.on(new SessionEvent.FaceChecked(step(), match, at(6)));
    }

    private void toFace(SessionPolicy policy) {
        start(policy, Facts.fresh());
        session.on(new SessionEvent.ChooseMode("1", Mode.FACE, at(2)));
        session.on(new SessionEvent.PhotoRead(step(), at(3)));
    }

    @Test
    void aCardFrontReadingIsOneVerifyAndACodeTheCardRefusesEndsTheCamera() {
        start(POLICY, Facts.fresh().withCardCode(10, true));
        SessionView entry = lastView(session.on(new SessionEvent.ChooseMode("1", Mode.FACE, at(2))));
        assertEquals(SessionState.CARD_CODE_ENTRY, entry.state());
        assertTrue(entry.cardCode().orElseThrow().camera());
        assertTrue(entry.message().orElseThrow().ja().contains("カメラに向けてください"), entry::toString);

        byte[] image = {(byte) 0xFF, (byte) 0xD8, 1};
        List<SessionOutput> out = session.on(new SessionEvent.CardFrontCapture("2", image, at(3)));
        assertInstanceOf(SessionOutput.Accept.class, out.get(0));
        assertInstanceOf(CardAction.ReadCardFront.class, session.pending().orElseThrow());
        assertEquals(Optional.of(Step.READING_CARD_FRONT), lastView(out).step());
        assertTrue(lastView(out).cardCode().isPresent(), "staff see the card-code state while the front is read");

        SessionView refused = lastView(session.on(new SessionEvent.CardFrontUnreadable(step(), Optional.of(
                new SessionEvent.Refusal("card_not_found", Text.of("カードが見つかりません", "no card found"))), at(4))));
        assertEquals(SessionState.CARD_CODE_ENTRY, refused.state());
        assertEquals(Optional.of(Notice.CARD_FRONT_UNREADABLE), refused.notice());
        assertEquals(Optional.of("card_not_found"), refused.cardCode().orElseThrow().refusal());
        assertTrue(refused.message().orElseThrow().ja().startsWith("カードが見えません"), refused::toString);

        SessionOutput tooSoon = session.on(new SessionEvent.CardFrontCapture("3", image, at(3))).get(0);
        assertEquals(SessionOutput.Why.RATE, assertInstanceOf(SessionOutput.Refuse.class, tooSoon).why(),
                "one photograph per second");
        session.on(new SessionEvent.CardFrontCapture("4", image, at(5)));
        List<SessionOutput> read = session.on(new SessionEvent.CardFrontRead(step(), Text.of("昭和60年**月**日生",
                "born Showa 60"), at(6)));
        CardAction.ReadPhoto photo = assertInstanceOf(CardAction.ReadPhoto.class, session.pending().orElseThrow());
        assertTrue(photo.typed(), "the code read is handed over like a typed one");
        assertEquals(1, read.stream().filter(o -> o instanceof SessionOutput.Run).count(), "exactly one VERIFY");
        assertEquals("昭和60年**月**日生", lastView(read).cardCode().orElseThrow().read().orElseThrow().ja());

        SessionView wrong = lastView(session.on(new SessionEvent.CardCodeWrong(step(), 9, at(7))));
        assertEquals(SessionState.CARD_CODE_ENTRY, wrong.state());
        assertFalse(wrong.cardCode().orElseThrow().camera(), "a code the card refused ends the camera path");
        assertTrue(wrong.message().orElseThrow().ja().contains("職員"), wrong::toString);
        assertEquals(SessionOutput.Why.STATE, assertInstanceOf(SessionOutput.Refuse.class,
                session.on(new SessionEvent.CardFrontCapture("5", image, at(9))).get(0)).why());
        session.on(new SessionEvent.SubmitCardCode("6", at(10)));
        assertInstanceOf(CardAction.ReadPhoto.class, session.pending().orElseThrow(), "staff still type");
    }

    @Test
    void aCardFrontReaderThatBreaksEndsTheCameraPathNotTheSession() {
        start(POLICY, Facts.fresh().withCardCode(10, true));
        session.on(new SessionEvent.ChooseMode("1", Mode.FACE, at(2)));
        session.on(new SessionEvent.CardFrontCapture("2", new byte[] {(byte) 0xFF, (byte) 0xD8}, at(3)));
        SessionView view = lastView(session.on(new SessionEvent.CardFrontUnreadable(step(), Optional.empty(), at(4))));
        assertEquals(SessionState.CARD_CODE_ENTRY, view.state());
        assertFalse(view.cardCode().orElseThrow().camera());
        assertEquals(Optional.empty(), view.notice());
        assertTrue(view.message().orElseThrow().ja().contains("職員が照合番号を入力します"), view::toString);
        session.on(new SessionEvent.SubmitCardCode("3", at(5)));
        assertInstanceOf(CardAction.ReadPhoto.class, session.pending().orElseThrow(), "staff type");
    }

    @Test
    void cardFrontCapturesAreBoundedThenStaffType() {
        start(POLICY, Facts.fresh().withCardCode(10, true));
        session.on(new SessionEvent.ChooseMode("1", Mode.FACE, at(2)));
        SessionView last = null;
        for (int i = 0; i < 10; i++) {
            assertInstanceOf(SessionOutput.Accept.class, session.on(new SessionEvent.CardFrontCapture("c" + i,
                    new byte[] {(byte) 0xFF, (byte) 0xD8}, at(10 + 2 * i))).get(0));
            last = lastView(session.on(new SessionEvent.CardFrontUnreadable(step(), Optional.of(new SessionEvent.Refusal(
                    "unreadable", Text.of("読めません", "unreadable"))), at(11 + 2 * i))));
        }
        assertFalse(last.cardCode().orElseThrow().camera(), "after ten photographs: typed");
        assertTrue(last.message().orElseThrow().ja().contains("職員が照合番号を入力します"), last::toString);
        assertInstanceOf(SessionOutput.Refuse.class, session.on(new SessionEvent.CardFrontCapture("x",
                new byte[] {(byte) 0xFF, (byte) 0xD8}, at(60))).get(0));
    }

    @Test
    void aTypedCodeIsAskedForThenOneReadPhotoPerSubmitAndARefusalShowsTheTriesLeft() {
        SessionView choose = start(POLICY, Facts.fresh().withCardCodeTyped(10));
        assertEquals(Optional.empty(), choose.cardCode(), "only in card_code_entry");
        SessionView entry = lastView(session.on(new SessionEvent.ChooseMode("1", Mode.FACE, at(2))));
        assertEquals(SessionState.CARD_CODE_ENTRY, entry.state());
        assertEquals(Optional.of(10), entry.cardCode().map(SessionView.CardCodeView::retriesLeft));
        assertFalse(entry.cardCode().orElseThrow().camera(), "no card-front reader: typed only");
        assertTrue(session.pending().isEmpty(), "nothing is sent to the card before the code is typed");
        assertTrue(entry.message().orElseThrow().ja().contains("職員が照合番号を入力します"));

        List<SessionOutput> out = session.on(new SessionEvent.SubmitCardCode("2", at(3)));
        CardAction.ReadPhoto read = assertInstanceOf(CardAction.ReadPhoto.class, session.pending().orElseThrow());
        assertTrue(read.typed());
        assertEquals(1, out.stream().filter(o -> o instanceof SessionOutput.Run).count());
        assertInstanceOf(SessionOutput.Refuse.class, session.on(new SessionEvent.SubmitCardCode("3", at(4))).get(0),
                "busy: one VERIFY at a time");

        SessionView wrong = lastView(session.on(new SessionEvent.CardCodeWrong(step(), 9, at(5))));
        assertEquals(SessionState.CARD_CODE_ENTRY, wrong.state());
        assertEquals(Optional.of(9), wrong.cardCode().map(SessionView.CardCodeView::retriesLeft));
        assertTrue(wrong.message().orElseThrow().ja().contains("残り9回"));

        session.on(new SessionEvent.SubmitCardCode("4", at(6)));
        SessionView face = lastView(session.on(new SessionEvent.PhotoRead(step(), at(7))));
        assertEquals(SessionState.FACE_IN_PROGRESS, face.state());
        assertEquals(Optional.empty(), face.cardCode());
        assertInstanceOf(SessionOutput.Refuse.class, session.on(new SessionEvent.SubmitCardCode("5", at(8))).get(0),
                "the photo is read: no more codes");
    }

    @Test
    void aBlockedCodeEndsFaceModeAndPinStaysOffered() {
        start(POLICY, Facts.fresh().withCardCodeTyped(1));
        session.on(new SessionEvent.ChooseMode("1", Mode.FACE, at(2)));
        session.on(new SessionEvent.SubmitCardCode("2", at(3)));
        SessionView v = lastView(session.on(new SessionEvent.CardCodeBlocked(step(), at(4))));
        assertEquals(SessionState.PIN_ENTRY, v.state());
        assertEquals(Optional.of(Notice.FACE_UNAVAILABLE), v.notice());
        assertEquals(List.of(Mode.PIN), v.allowedModes());
        assertTrue(v.message().orElseThrow().ja().contains("照合番号B"), v.message()::toString);
    }

    @Test
    void theSameFaceWithoutLifeIsAnAttemptAndLivenessOffAcceptsNotChecked() {
        toFace(POLICY);
        SessionView v = lastView(capture(new FaceMatch.Compared(0.3, 0.55, FaceLiveness.NOT_LIVE)));
        assertEquals(Optional.of(Notice.FACE_NOT_LIVE), v.notice());
        assertEquals(1, v.face().orElseThrow().attempts());
        v = lastView(capture(new FaceMatch.Compared(0.3, 0.55, FaceLiveness.NOT_CHECKED)));
        assertEquals(Optional.of(Notice.FACE_NOT_LIVE), v.notice(), "liveness on: not checked is not live");
        v = lastView(capture(new FaceMatch.Compared(0.9, 0.55, FaceLiveness.LIVE)));
        assertEquals(SessionState.PIN_ENTRY, v.state(), "three attempts: face is over");
        assertEquals(Optional.of(Notice.FACE_MISMATCH), v.notice());

        toFace(POLICY.withFaceLiveness(false));
        List<SessionOutput> out = capture(new FaceMatch.Compared(0.31, 0.55, FaceLiveness.NOT_CHECKED));
        SessionResult r = out.stream().filter(o -> o instanceof SessionOutput.Finish)
                .map(o -> ((SessionOutput.Finish) o).result()).findFirst().orElseThrow();
        assertEquals(FaceLiveness.NOT_CHECKED, r.face().orElseThrow().liveness());
        assertEquals(0.31, r.face().orElseThrow().distance());
    }

    @Test
    void aCardPhotoWithoutAFaceEndsFaceModeWithoutSpendingAnAttempt() {
        toFace(POLICY);
        SessionView v = lastView(capture(new FaceMatch.NoFaceOnCard()));
        assertEquals(Optional.of(Notice.FACE_UNAVAILABLE), v.notice());
        assertFalse(v.allowedModes().contains(Mode.FACE));
        assertEquals(0, v.face().orElseThrow().attempts());
    }
}
