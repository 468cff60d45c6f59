package org.madoguchi.daemon.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.session.Facts.POLICY;
import static org.madoguchi.daemon.session.Facts.at;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The consent step after a verification, and document proofs recorded by staff. */
class ConsentAndDocumentTest {
    static final List<ConsentItem> ITEMS = List.of(ConsentItem.MEDICATION, ConsentItem.TREATMENT,
            ConsentItem.HEALTH_CHECKUP, ConsentItem.COST_LIMIT);
    static final SessionPolicy CONSENT = POLICY.withConsent(ITEMS, Duration.ofMinutes(2));

    private VerificationSession session;

    /** A fresh card in PIN entry. */
    private void toPinEntry(SessionPolicy policy) {
        session = VerificationSession.start("s-1", "R", policy, at(0)).session();
        session.on(new SessionEvent.Prepared(session.pending().orElseThrow().step(), Facts.fresh(), at(1)));
        session.on(new SessionEvent.ChooseMode("m", Mode.PIN, at(2)));
        assertEquals(SessionState.PIN_ENTRY, session.state());
    }

    /** PIN right: with consent on, the session waits in consent. */
    private List<SessionOutput> pinRight() {
        session.on(new SessionEvent.SubmitPin("p", new byte[] {1}, at(3)));
        return session.on(new SessionEvent.PinSigned(session.pending().orElseThrow().step(), new byte[] {9},
                Optional.empty(), at(4)));
    }

    private static Map<ConsentItem, Boolean> answers(boolean... yes) {
        Map<ConsentItem, Boolean> m = new EnumMap<>(ConsentItem.class);
        for (int i = 0; i < yes.length; i++) {
            m.put(ITEMS.get(i), yes[i]);
        }
        return m;
    }

    private static SessionResult result(List<SessionOutput> out) {
        return out.stream().filter(o -> o instanceof SessionOutput.Finish).map(o -> ((SessionOutput.Finish) o).result())
                .findFirst().orElseThrow(() -> new AssertionError("no result in " + out));
    }

    @Test
    void aVerificationWaitsForConsentAndTheResultCarriesTheAnswersInOrder() {
        toPinEntry(CONSENT);
        List<SessionOutput> out = pinRight();
        assertTrue(out.stream().noneMatch(o -> o instanceof SessionOutput.Finish), out::toString);
        SessionView v = ((SessionOutput.Publish) out.get(0)).view();
        assertEquals(SessionState.CONSENT, v.state());
        assertEquals(Optional.of(ITEMS), v.consent());
        assertEquals(List.of(), v.allowedModes());
        SessionOutput.Wait wait = assertInstanceOf(SessionOutput.Wait.class, out.get(1));
        assertEquals(Duration.ofMinutes(2), wait.after());

        SessionOutput.Refuse missing = assertInstanceOf(SessionOutput.Refuse.class,
                session.on(new SessionEvent.SubmitConsent("c1", answers(true, true, false), at(5))).get(0));
        assertEquals(SessionOutput.Why.REQUEST, missing.why());

        out = session.on(new SessionEvent.SubmitConsent("c2", answers(true, false, true, false), at(6)));
        assertEquals(new SessionOutput.Accept("c2"), out.get(0));
        SessionResult r = result(out);
        assertEquals(Outcome.VERIFIED, r.outcome());
        assertEquals(Optional.of(Method.PIN), r.method());
        Map<ConsentItem, Boolean> expected = new LinkedHashMap<>();
        expected.put(ConsentItem.MEDICATION, true);
        expected.put(ConsentItem.TREATMENT, false);
        expected.put(ConsentItem.HEALTH_CHECKUP, true);
        expected.put(ConsentItem.COST_LIMIT, false);
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(r.consent().orElseThrow().entrySet()));
        assertEquals(at(6), r.finishedAt());
    }

    @Test
    void consentTimesOutAsFailedTimeoutAndStaleTimersAreIgnored() {
        toPinEntry(CONSENT);
        SessionOutput.Wait wait = (SessionOutput.Wait) pinRight().get(1);
        assertEquals(List.of(), session.on(new SessionEvent.TimerFired(wait.step() + 1, at(7))));
        SessionResult r = result(session.on(new SessionEvent.TimerFired(wait.step(), at(8))));
        assertEquals(Outcome.FAILED, r.outcome());
        assertEquals(Optional.of(Reason.TIMEOUT), r.reason());
        assertEquals(Optional.empty(), r.consent());
    }

    @Test
    void removalAndCancelEndConsentAndOtherCommandsAreRefused() {
        toPinEntry(CONSENT);
        pinRight();
        for (SessionEvent.Command c : List.of(new SessionEvent.RequestVisual("v", at(5)),
                new SessionEvent.RecordDocument("d", DocumentKind.MYNAPORTAL, "s", Optional.empty(), at(5)),
                new SessionEvent.SubmitPin("p2", new byte[] {1}, at(5)))) {
            SessionOutput.Refuse refuse = assertInstanceOf(SessionOutput.Refuse.class, session.on(c).get(0));
            assertEquals(SessionOutput.Why.STATE, refuse.why());
        }
        SessionResult r = result(session.on(new SessionEvent.CardRemoved(at(6))));
        assertEquals(Outcome.ABORTED, r.outcome());
        assertEquals(Optional.of(Reason.CARD_REMOVED), r.reason());
    }

    @Test
    void withConsentOffAnswersAreRefusedAndTheResultComesAtOnce() {
        toPinEntry(POLICY);
        SessionResult r = result(pinRight());
        assertEquals(Optional.empty(), r.consent());
        toPinEntry(POLICY);
        SessionOutput.Refuse refuse = assertInstanceOf(SessionOutput.Refuse.class,
                session.on(new SessionEvent.SubmitConsent("c", Map.of(), at(5))).get(0));
        assertEquals(SessionOutput.Why.STATE, refuse.why());
    }

    @Test
    void aDocumentProofEndsALiveSessionVerifiedWithoutConsent() {
        toPinEntry(CONSENT);
        List<SessionOutput> out = session.on(new SessionEvent.RecordDocument("d", DocumentKind.SHIKAKU_KAKUNINSHO,
                "受付 佐藤", Optional.of("券面確認"), at(5)));
        assertEquals(new SessionOutput.Accept("d"), out.get(0));
        SessionResult r = result(out);
        assertEquals(Outcome.VERIFIED, r.outcome());
        assertEquals(Optional.of(Method.DOCUMENT), r.method());
        assertEquals(Optional.of(DocumentKind.SHIKAKU_KAKUNINSHO), r.document());
        assertEquals(Optional.of("受付 佐藤"), r.staff());
        assertEquals(Optional.of("券面確認"), r.note());
        assertEquals(Optional.empty(), r.consent());
        assertTrue(session.certificate().isPresent(), "the card's certificate was read");
        assertEquals(Optional.empty(), r.certificate(), "a document, not the card, proved who the patient is");
    }

    @Test
    void visualConfirmationAlsoAsksForConsent() {
        toPinEntry(CONSENT);
        session.on(new SessionEvent.RequestVisual("v", at(3)));
        List<SessionOutput> out = session.on(new SessionEvent.ConfirmVisual("c", "staff", Optional.empty(), at(4)));
        assertEquals(SessionState.CONSENT, session.state());
        assertTrue(out.stream().anyMatch(o -> o instanceof SessionOutput.Wait));
        SessionResult r = result(session.on(new SessionEvent.SubmitConsent("a", answers(false, false, false, false),
                at(5))));
        assertEquals(Optional.of(Method.VISUAL), r.method());
        assertEquals(4, r.consent().orElseThrow().size());
    }
}
