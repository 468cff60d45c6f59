package org.madoguchi.daemon.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.session.Facts.POLICY;
import static org.madoguchi.daemon.session.Facts.at;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.madoguchi.driver.face.FaceLiveness;
import org.madoguchi.driver.face.FaceMatch;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import org.madoguchi.driver.card.TokenKind;


/**
 * The four rules of the session state machine over random event sequences: commands in any order,
 * card results for the step in progress or stale ones, removals at any moment.
 * <ol>
 * <li>never a VERIFY without a {@code submitPin} for that session (at most one per submitPin); and never
 * a VERIFY of 照合番号B without a {@code submitCardCode}, a card-front reading, or the lifted card
 * recognised when put back (at most one per event); and no card step but reading the card put back
 * while the card is away;</li>
 * <li>never PIN offered once the PIN is blocked or unusable;</li>
 * <li>exactly one {@code result} per session;</li>
 * <li>nothing (no session event, result or card step) after the result.</li>
 * </ol>
 * Also: every command gets exactly one reply or error; with consent on, a card verification ends only
 * through {@code consent} and its {@code result} carries every item's answer, in the order asked.
 */
class SessionPropertiesTest {

    /** What a random event is: a command, the answer to the step in progress, any card result, a removal. */
    enum Kind {
        COMMAND, ANSWER, ANY_RESULT, REMOVAL
    }

    /** One random event before it is bound to the session's state; {@code a} and {@code b} pick the details. */
    record Template(Kind kind, int a, int b) {
    }

    @Provide
    Arbitrary<List<Template>> sequences() {
        return sequences(1, 60);
    }

    /** Up to {@code maxSize} events; a removal (or card return, or timer) {@code removals} times in 27 + removals. */
    private static Arbitrary<List<Template>> sequences(int removals, int maxSize) {
        Arbitrary<Kind> kinds = Arbitraries.frequency(Tuple.of(12, Kind.COMMAND), Tuple.of(12, Kind.ANSWER),
                Tuple.of(2, Kind.ANY_RESULT), Tuple.of(removals, Kind.REMOVAL));
        Arbitrary<Template> template = Combinators.combine(kinds,
                Arbitraries.integers().between(0, 99).withDistribution(RandomDistribution.uniform()),
                Arbitraries.integers().between(0, 9).withDistribution(RandomDistribution.uniform()))
                .as(Template::new);
        return template.list().ofMinSize(0).ofMaxSize(maxSize).withSizeDistribution(RandomDistribution.uniform());
    }

    /** The default consent items, as {@code consent.items} has them. */
    static final SessionPolicy CONSENT_POLICY = POLICY.withConsent(List.of(ConsentItem.MEDICATION,
            ConsentItem.TREATMENT, ConsentItem.HEALTH_CHECKUP, ConsentItem.COST_LIMIT), java.time.Duration.ofMinutes(2));

    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void theFourRulesHold(@ForAll("sequences") List<Template> sequence) {
        rulesHold(sequence, POLICY);
    }

    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void theFourRulesHoldWithConsent(@ForAll("sequences") List<Template> sequence) {
        rulesHold(sequence, CONSENT_POLICY);
    }

    /** Removals and card returns more often: for sessions that start on the camera path. */
    @Provide
    Arbitrary<List<Template>> liftSequences() {
        return sequences(5, 40);
    }

    /** The same rules from face mode's camera path, where the card may be lifted and put back (or another one). */
    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void theFourRulesHoldWhenTheCardIsLiftedToTheCamera(@ForAll("liftSequences") List<Template> sequence) {
        rulesHold(sequence, POLICY, true);
    }

    private static void rulesHold(List<Template> sequence, SessionPolicy policy) {
        rulesHold(sequence, policy, false);
    }

    private static void rulesHold(List<Template> sequence, SessionPolicy policy, boolean fromCardFront) {
        var started = VerificationSession.start("s", "R", policy, at(0));
        VerificationSession session = started.session();
        Checker checker = new Checker(policy);
        checker.check(null, started.outputs());
        if (fromCardFront) {
            SessionEvent prepared = new SessionEvent.Prepared(session.pending().orElseThrow().step(), facts(1), at(0));
            checker.check(prepared, session.on(prepared));
            SessionEvent face = new SessionEvent.ChooseMode("f", Mode.FACE, at(0));
            checker.check(face, session.on(face));
            assertEquals(SessionState.CARD_CODE_ENTRY, session.state());
        }
        int t = 1;
        for (Template template : sequence) {
            SessionEvent event = bind(template, session, at(t++));
            checker.check(event, session.on(event));
        }
        checker.check(new SessionEvent.CardRemoved(at(t)), session.on(new SessionEvent.CardRemoved(at(t))));
        if (!session.terminal()) { // a lifted card: its timer ends the session
            SessionEvent timer = new SessionEvent.TimerFired(session.awayStep(), at(t + 30));
            checker.check(timer, session.on(timer));
        }
        assertEquals(1, checker.results, "exactly one result per session");
        assertTrue(session.terminal());
    }

    /** Follows the outputs of one session and checks every rule as they come. */
    static final class Checker {
        final SessionPolicy policy;
        int results;
        boolean pinDead;
        /** The last view published said the card is off the reader. */
        boolean away;
        /** The certificate of the card the session read first (its card). */
        byte[] card;

        Checker(SessionPolicy policy) {
            this.policy = policy;
        }

        void check(SessionEvent cause, List<SessionOutput> outputs) {
            if (card == null && cause instanceof SessionEvent.Prepared p && !outputs.isEmpty()) {
                card = p.facts().certificate().map(CertificateInfo::der).orElse(new byte[0]);
            }
            int verifies = 0;
            int answers = 0;
            for (SessionOutput o : outputs) {
                if (o instanceof SessionOutput.Accept || o instanceof SessionOutput.Refuse) {
                    answers++;
                    continue;
                }
                assertEquals(0, results, "nothing after the result: " + o);
                if (o instanceof SessionOutput.Finish f) {
                    results++;
                    SessionResult r = f.result();
                    boolean cardVerified = r.outcome() == Outcome.VERIFIED && r.method().orElseThrow() != Method.DOCUMENT;
                    if (cardVerified && policy.consentOn()) {
                        assertTrue(cause instanceof SessionEvent.SubmitConsent, "consent answers end it: " + cause);
                        assertEquals(policy.consentItems(), List.copyOf(r.consent().orElseThrow().keySet()));
                    } else {
                        assertTrue(r.consent().isEmpty(), "consent only on a card verification: " + r);
                    }
                    assertEquals(r.method().orElse(null) == Method.DOCUMENT, cause instanceof SessionEvent.RecordDocument);
                } else if (o instanceof SessionOutput.Run r && away && !(r.action() instanceof CardAction.Recognise
                        || r.action() instanceof CardAction.ReadCardFront)) {
                    throw new AssertionError("a card step while the card is away: " + r + " after " + cause);
                } else if (o instanceof SessionOutput.Run r && r.action() instanceof CardAction.ReadPhoto photo
                        && photo.typed()) {
                    verifies++;
                    assertTrue(cause instanceof SessionEvent.SubmitCardCode || cause instanceof SessionEvent.CardFrontRead
                            || cause instanceof SessionEvent.Prepared, "照合番号B only for a submitCardCode, a reading "
                            + "of the card front, or the card that was lifted, recognised: " + cause);
                    if (cause instanceof SessionEvent.Prepared p) {
                        assertTrue(java.util.Arrays.equals(card, p.facts().certificate().map(CertificateInfo::der)
                                .orElse(null)), "照合番号B goes only to the card it was read for");
                    }
                } else if (o instanceof SessionOutput.Run r && r.action() instanceof CardAction.VerifyAndSign) {
                    verifies++;
                    assertTrue(cause instanceof SessionEvent.SubmitPin, "a VERIFY only for a submitPin");
                    assertFalse(pinDead, "no VERIFY once the PIN is blocked or unusable");
                } else if (o instanceof SessionOutput.Publish p) {
                    SessionView v = p.view();
                    away = v.cardAwayUntil().isPresent();
                    assertEquals(v.state() == SessionState.CONSENT, v.consent().isPresent(), "consent items: " + v);
                    if (v.state() == SessionState.CONSENT) {
                        assertTrue(v.allowedModes().isEmpty() && v.step().isEmpty(), "nothing else runs: " + v);
                    }
                    if (v.pin().isPresent() && !v.pin().get().usable()) {
                        pinDead = true;
                    }
                    if (pinDead) {
                        assertFalse(v.allowedModes().contains(Mode.PIN), "PIN offered when unusable: " + v);
                        assertFalse(v.state() == SessionState.PIN_ENTRY, "pin_entry when unusable: " + v);
                    }
                }
            }
            assertTrue(verifies <= 1, "at most one VERIFY per submitPin");
            assertEquals(cause instanceof SessionEvent.Command ? 1 : 0, answers, "one answer per command");
        }
    }

    /** Binds a template to the session's state: an answer fits the step in progress. */
    static SessionEvent bind(Template tp, VerificationSession session, java.time.Instant at) {
        Optional<CardAction> pending = session.pending();
        long step = pending.map(CardAction::step).orElse(0L);
        return switch (tp.kind()) {
            case COMMAND -> tp.a() < 60 ? fitting(session, tp.b(), "c" + at.getEpochSecond(), at)
                    : command(tp.a(), tp.b(), "c" + at.getEpochSecond(), at);
            case ANSWER -> pending.isPresent() ? answer(pending.get(), tp.a(), tp.b(), at)
                    : result(tp.a() % 16, step + 1 + tp.b(), tp.b(), at);
            case ANY_RESULT -> result(tp.a() % 16, tp.b() < 5 ? step : step + 1 + tp.b(), tp.b(), at);
            case REMOVAL -> tp.b() < 4 ? new SessionEvent.CardRemoved(at) : tp.b() == 4 ? new SessionEvent.CardBack(at)
                    : tp.b() < 7 ? new SessionEvent.ReaderRemoved(at)
                    : tp.b() == 7 ? new SessionEvent.TimerFired(session.awayStep(), at)
                    : new SessionEvent.TimerFired(session.consentStep() + (tp.b() == 9 ? 1 : 0), at);
        };
    }

    /** A command that a client following the session would send now (it may still be refused). */
    static SessionEvent fitting(VerificationSession session, int b, String id, java.time.Instant at) {
        SessionView v = session.view();
        return switch (v.state()) {
            case CHOOSE_MODE -> new SessionEvent.ChooseMode(id, v.allowedModes().isEmpty() || b < 5 ? Mode.FACE
                    : v.allowedModes().get(v.allowedModes().size() - 1), at);
            case CARD_CODE_ENTRY -> v.cardCode().map(SessionView.CardCodeView::camera).orElse(false) && b < 5
                    ? new SessionEvent.CardFrontCapture(id, new byte[] {(byte) 0xFF, (byte) 0xD8}, at)
                    : b < 7 ? new SessionEvent.SubmitCardCode(id, at) : new SessionEvent.ChooseMode(id, Mode.PIN, at);
            case FACE_IN_PROGRESS -> b < 7 ? new SessionEvent.FaceCapture(id, List.of(new byte[b]), at)
                    : b < 9 ? new SessionEvent.RetryFace(id, at) : new SessionEvent.ChooseMode(id, Mode.PIN, at);
            case PIN_ENTRY -> v.notice().orElse(null) == Notice.PIN_LAST_TRY && !v.lastTryConfirmed() && b < 6
                    ? new SessionEvent.ConfirmLastTry(id, at) : new SessionEvent.SubmitPin(id, new byte[] {1}, at);
            case VISUAL_PENDING -> b < 8 ? new SessionEvent.ConfirmVisual(id, "staff", Optional.empty(), at)
                    : new SessionEvent.RecordDocument(id, DocumentKind.SHIKAKU_KAKUNINSHO, "staff", Optional.empty(), at);
            case CONSENT -> new SessionEvent.SubmitConsent(id, answers(b), at);
            default -> command(b * 10, b, id, at);
        };
    }

    static SessionEvent command(int a, int b, String id, java.time.Instant at) {
        if (a < 20) {
            return new SessionEvent.ChooseMode(id, b < 5 ? Mode.FACE : Mode.PIN, at);
        } else if (a < 45) {
            return new SessionEvent.SubmitPin(id, new byte[] {(byte) b}, at);
        } else if (a < 55) {
            return new SessionEvent.ConfirmLastTry(id, at);
        } else if (a < 70) {
            return new SessionEvent.FaceCapture(id, List.of(new byte[b]), at);
        } else if (a < 75) {
            return new SessionEvent.SubmitCardCode(id, at);
        } else if (a < 85) {
            return new SessionEvent.RetryFace(id, at);
        } else if (a < 91) {
            return new SessionEvent.ConfirmVisual(id, "staff", Optional.empty(), at);
        } else if (a < 94) {
            return new SessionEvent.RequestVisual(id, at);
        } else if (a < 96) {
            return new SessionEvent.SubmitConsent(id, answers(b), at);
        } else if (a < 98) {
            return new SessionEvent.RecordDocument(id, DocumentKind.MYNAPORTAL, "staff", Optional.of("note"), at);
        }
        return new SessionEvent.Cancel(id, at);
    }

    /** Answers to the default items: all of them (mostly), or one missing, or one too many. */
    static java.util.Map<ConsentItem, Boolean> answers(int b) {
        java.util.Map<ConsentItem, Boolean> m = new java.util.EnumMap<>(ConsentItem.class);
        for (ConsentItem i : CONSENT_POLICY.consentItems()) {
            m.put(i, (b + i.ordinal()) % 2 == 0);
        }
        if (b == 8) {
            m.remove(ConsentItem.COST_LIMIT);
        }
        return m;
    }

    /** A result of a kind the action produces (mostly), or a failure or timeout (rarely). */
    static SessionEvent answer(CardAction action, int a, int b, java.time.Instant at) {
        long step = action.step();
        if (a >= 95) {
            return a == 99 ? new SessionEvent.StepTimedOut(step, at) : result(11, step, b, at);
        }
        if (action instanceof CardAction.Prepare || action instanceof CardAction.Recognise) {
            return result(0, step, b, at);
        } else if (action instanceof CardAction.ReadCardFront) {
            return result(a < 60 ? 14 : 15, step, b, at);
        } else if (action instanceof CardAction.ReadPhoto) {
            return result(a < 70 ? 1 : a < 78 ? 12 : a < 81 ? 13 : 3, step, b, at);
        } else if (action instanceof CardAction.MatchFace) {
            return result(a < 90 ? 2 : 3, step, b, at);
        } else if (action instanceof CardAction.VerifyAndSign) {
            return result(4 + a % 4, step, b, at);
        }
        return result(8, step, b, at);
    }

    static SessionEvent result(int kind, long step, int n, java.time.Instant at) {
        return switch (kind) {
            case 0 -> new SessionEvent.Prepared(step, facts(n), at);
            case 1 -> new SessionEvent.PhotoRead(step, at);
            case 2 -> new SessionEvent.FaceChecked(step, faceMatch(n), at);
            case 3 -> new SessionEvent.FaceUnavailable(step, at);
            case 4 -> new SessionEvent.PinSigned(step, new byte[] {1},
                    n < 5 ? Optional.empty() : Optional.of(Facts.valid()), at);
            case 5 -> new SessionEvent.PinWrong(step, n < 3 ? n + 1 : n == 9 ? PinCounter.UNKNOWN : 2, at);
            case 6 -> new SessionEvent.PinBlocked(step, n % 2 == 0, at);
            case 7 -> new SessionEvent.PinUnknown(step, n < 4 ? Optional.empty() : Optional.of(pin(n)), at);
            case 8 -> new SessionEvent.PinStatusRead(step, pin(n), at);
            case 9 -> new SessionEvent.StepTimedOut(step, at);
            case 10 -> new SessionEvent.StepFailed(step, n < 5 ? Reason.CARD_REMOVED : Reason.READER_REMOVED,
                    at);
            case 12 -> new SessionEvent.CardCodeWrong(step, n == 9 ? PinCounter.UNKNOWN : n + 1, at);
            case 13 -> new SessionEvent.CardCodeBlocked(step, at);
            case 14 -> new SessionEvent.CardFrontRead(step, Text.of("昭和60年**月**日生", "Showa 60"), at);
            case 15 -> new SessionEvent.CardFrontUnreadable(step, n == 9 ? Optional.empty()
                    : Optional.of(new SessionEvent.Refusal("unreadable", Text.of("読めません", "Unreadable"))), at);
            default -> new SessionEvent.StepFailed(step, Reason.CARD_ERROR, at);
        };
    }

    static FaceMatch faceMatch(int n) {
        return switch (n) {
            case 9 -> new FaceMatch.NoFaceInLive();
            case 8 -> new FaceMatch.NoFaceOnCard();
            case 7 -> new FaceMatch.Compared(0.3, 0.55, FaceLiveness.NOT_LIVE);
            case 6 -> new FaceMatch.Compared(0.3, 0.55, FaceLiveness.NOT_CHECKED);
            default -> new FaceMatch.Compared(n / 8.0, 0.55, FaceLiveness.LIVE);
        };
    }

    static PinCounter pin(int n) {
        return switch (n % 5) {
            case 0 -> PinCounter.blocked(3);
            case 1 -> PinCounter.unusable(3);
            case 2 -> PinCounter.remaining(1, 3);
            default -> PinCounter.remaining(n % 5 - 1, 3);
        };
    }

    static CardFacts facts(int n) {
        return switch (n) {
            case 0 -> Facts.fresh();
            case 1 -> Facts.fresh().withCardCode(10, true); // the camera path: the card may be lifted
            case 2 -> Facts.fresh().withCardCodeTyped(n + 1);
            case 3 -> Facts.card(PinCounter.remaining(1, 3), true);
            case 4 -> Facts.card(PinCounter.remaining(2, 3), false);
            case 5 -> Facts.card(PinCounter.blocked(3), true);
            case 6 -> Facts.card(PinCounter.unusable(3), n % 2 == 0);
            case 7 -> new CardFacts(CardKind.of(TokenKind.ANDROID_TOKEN), Optional.of(PinCounter.remaining(3, 3)),
                    Optional.empty(), true, false);
            case 8 -> Facts.card(PinCounter.blocked(3), false);
            default -> CardFacts.only(CardKind.of(TokenKind.NOT_JPKI));
        };
    }

    /** The generator reaches the interesting places: a sanity check that the property is not vacuous. */
    @Property(tries = 2_000, edgeCases = EdgeCasesMode.NONE)
    void sequencesReachVerifyAndLockout(@ForAll("sequences") List<Template> sequence) {
        var started = VerificationSession.start("s", "R", CONSENT_POLICY, at(0));
        VerificationSession session = started.session();
        List<SessionState> states = new ArrayList<>();
        boolean away = false;
        int t = 1;
        for (Template template : sequence) {
            session.on(bind(template, session, at(t++)));
            states.add(session.state());
            away |= session.cardAway();
        }
        Coverage.record(states);
        net.jqwik.api.statistics.Statistics.label("card lifted to the camera").collect(away);
    }

    /** Counts how often each state was reached over the sanity property (printed by jqwik statistics). */
    static final class Coverage {
        static void record(List<SessionState> states) {
            for (SessionState s : SessionState.values()) {
                net.jqwik.api.statistics.Statistics.label(s.code()).collect(states.contains(s));
            }
            net.jqwik.api.statistics.Statistics.label("pin_entry then visual_pending").collect(
                    states.contains(SessionState.PIN_ENTRY) && states.contains(SessionState.VISUAL_PENDING));
        }
    }
}
