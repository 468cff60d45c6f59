package org.madoguchi.daemon.readers;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.madoguchi.daemon.audit.AuditTrail;
import org.madoguchi.daemon.protocol.ClientMessage;
import org.madoguchi.daemon.protocol.ErrorCode;
import org.madoguchi.daemon.protocol.ServerMessage;
import org.madoguchi.daemon.protocol.Wire;
import org.madoguchi.daemon.session.CardAction;
import org.madoguchi.daemon.session.CardKind;
import org.madoguchi.daemon.session.SessionEvent;
import org.madoguchi.daemon.session.SessionOutput;
import org.madoguchi.daemon.session.Reason;
import org.madoguchi.daemon.session.SessionResult;
import org.madoguchi.daemon.session.Text;
import org.madoguchi.daemon.session.SessionView;
import org.madoguchi.daemon.session.VerificationSession;
import org.madoguchi.driver.card.Secret;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.ReaderEvent;
import org.madoguchi.driver.pcsc.ReaderMonitor;
import org.madoguchi.driver.pcsc.ReaderState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readers, their cards and their verification sessions. A {@link ReaderMonitor} reports
 * readers and cards; each card presence gets a {@link VerificationSession}; each reader's
 * {@link CardWorker} runs the card steps the session asks for. Every change is made under one lock
 * and posted to the {@link Outbox} in the order it happened, so every client sees every event in
 * the same order, and the reply to a command reaches its sender before the events the command
 * causes. A {@code result} waits in the outbox until its audit record is on disk; nothing waits for
 * the disk under the lock, so a slow disk never stalls the other readers.
 */
public final class ReaderHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReaderHub.class);

    private final HubParts parts;
    private final ReaderMonitor monitor;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    private final Map<String, ReaderSlot> slots = new LinkedHashMap<>();
    private final Outbox outbox = new Outbox();
    private final SessionIds ids = new SessionIds();
    private final UnknownVerifies unknownVerifies = new UnknownVerifies();
    /** Guarded by {@link #lock}. */
    private boolean pcscAvailable = true;
    /** The last {@code service} state published; guarded by {@link #lock}. */
    private ServiceStatus publishedService;
    private boolean closed;

    /** Where a client's messages go; must not block (the hub calls it under its locks). */
    @FunctionalInterface
    public interface Subscriber {
        void send(String json);
    }

    /** A registration made by {@link #subscribe}; closing it stops the events. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Something run by {@link #holdingEvents} with no change published meanwhile. */
    @FunctionalInterface
    public interface HeldAction<E extends Exception> {
        void run() throws E;
    }

    /** The state a client is given on connect: every reader, then every live session. */
    public record Snapshot(List<ReaderStatus> readers, List<SessionView> sessions, ServiceStatus service) {
    }

    /**
     * Whether the PC/SC service answers and audit records are written: the {@code service} event,
     * and why {@code /health} may say {@code degraded}.
     */
    public record ServiceStatus(boolean pcscAvailable, AuditTrail.Health audit) {
        public boolean healthy() {
            return pcscAvailable && audit != AuditTrail.Health.FAILING;
        }
    }

    public ReaderHub(HubParts parts) {
        this.parts = Objects.requireNonNull(parts);
        this.monitor = new ReaderMonitor(parts.backend(), this::onEvent);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "step-timeouts");
            t.setDaemon(true);
            return t;
        });
        parts.metrics().liveSessions(this::liveSessions);
        this.publishedService = serviceStatus();
    }

    public void start() {
        monitor.start();
    }

    public String backendId() {
        return parts.backend().id();
    }

    /** The current state of every attached reader, in the order they appeared. */
    public List<ReaderStatus> snapshot() {
        synchronized (lock) {
            return slots.values().stream().map(s -> s.status).toList();
        }
    }

    /** Every reader and every live session, as one consistent picture. */
    public Snapshot fullSnapshot() {
        synchronized (lock) {
            return snapshotLocked();
        }
    }

    private Snapshot snapshotLocked() {
        List<SessionView> live = slots.values().stream()
                .filter(s -> s.session != null && !s.session.terminal())
                .map(s -> s.session.view()).toList();
        return new Snapshot(slots.values().stream().map(s -> s.status).toList(), live, serviceStatus());
    }

    private int liveSessions() {
        synchronized (lock) {
            return (int) slots.values().stream().filter(s -> s.session != null && !s.session.terminal()).count();
        }
    }

    /**
     * Registers a subscriber. {@code onSnapshot} gets the state at the moment of registration,
     * before any change is passed on, so that nothing is missed or seen twice. Both run under the
     * hub's lock and must not block.
     */
    public Subscription subscribe(Subscriber subscriber, Consumer<Snapshot> onSnapshot) {
        Objects.requireNonNull(subscriber);
        synchronized (lock) {
            onSnapshot.accept(snapshotLocked());
            outbox.subscribe(subscriber);
        }
        return () -> outbox.unsubscribe(subscriber);
    }

    /** Runs an action while no change can be published (a simulator command and its reply). */
    public <E extends Exception> void holdingEvents(HeldAction<E> action) throws E {
        synchronized (lock) {
            action.run();
        }
    }

    /**
     * Waits until the readers the back-end lists now are attached here and their cards are read,
     * or the timeout passes. Used at start-up, so that the first clients see a settled state.
     */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        List<ReaderState> expected;
        try {
            expected = parts.backend().readers().stream().filter(r -> parts.filter().accepts(r.name())).toList();
        } catch (PcscException e) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!settled(expected)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    private boolean settled(List<ReaderState> expected) {
        for (ReaderState r : expected) {
            ReaderSlot slot = slots.get(r.name());
            if (slot == null || (r.cardPresent() && slot.presence == 0)) {
                return false;
            }
        }
        return slots.values().stream().noneMatch(s -> s.preparing);
    }

    // ---- commands -------------------------------------------------------------------------

    /**
     * A client command for a session; answers go to {@code requester}, events to everyone.
     *
     * @param clientName who sent it, for the audit record when the session accepts it
     */
    public void command(ClientMessage.SessionCommand command, Subscriber requester, String clientName) {
        Secret pin = command instanceof ClientMessage.SubmitPin s ? s.pin()
                : command instanceof ClientMessage.SubmitCardCode k ? k.code() : null;
        try {
            synchronized (lock) {
                ReaderSlot slot = slots.values().stream()
                        .filter(s -> s.session != null && s.session.id().equals(command.session()))
                        .findFirst().orElse(null);
                if (slot == null || closed) {
                    requester.send(parts.codec().encode(new ServerMessage.ErrorMessage(command.id(),
                            ErrorCode.UNKNOWN_SESSION, Text.of("そのセッションはありません", "No such session"))));
                    return;
                }
                SessionEvent.Command event = SessionCommands.toEvent(command, parts.clock().instant());
                List<SessionOutput> out = slot.session.on(event);
                if (out.stream().anyMatch(o -> o instanceof SessionOutput.Accept)) {
                    slot.participants.add(clientName);
                } else if (command instanceof ClientMessage.CardFrontCapture k) {
                    java.util.Arrays.fill(k.image(), (byte) 0); // refused: nobody reads this photograph
                }
                pin = apply(slot, out, requester, pin);
            }
        } finally {
            if (pin != null) {
                pin.close();
            }
        }
    }

    /**
     * Staff record a document proof for {@code reader}: the live session there ends {@code verified}
     * with method {@code document}, or, with none, a result of its own is published.
     */
    public void recordDocument(ClientMessage.RecordDocument command, Subscriber requester, String clientName) {
        synchronized (lock) {
            ReaderSlot slot = slots.get(command.reader());
            if (slot == null || closed) {
                requester.send(parts.codec().encode(new ServerMessage.ErrorMessage(command.id(),
                        ErrorCode.BAD_REQUEST, Text.of("その名前の読み取り機はありません", "No reader with that name"))));
                return;
            }
            java.time.Instant now = parts.clock().instant();
            if (slot.session != null && !slot.session.terminal()) {
                List<SessionOutput> out = slot.session.on(new SessionEvent.RecordDocument(command.id(),
                        command.document(), command.staff(), command.note(), now));
                if (out.stream().anyMatch(o -> o instanceof SessionOutput.Accept)) {
                    slot.participants.add(clientName);
                }
                apply(slot, out, requester, null);
                return;
            }
            SessionResult result = SessionResult.document(ids.next(), slot.name, command.document(),
                    command.staff(), command.note(), now);
            outbox.postTo(requester, slot.name, parts.codec().encode(new ServerMessage.Reply(command.id())));
            finished(result, List.of(clientName), slot.name);
        }
    }

    // ---- reader and card events -------------------------------------------------------------

    /** Runs on the monitor thread. */
    private void onEvent(ReaderEvent event) {
        if (event instanceof ReaderEvent.ServiceChanged s) {
            serviceChanged(s.available());
            return;
        }
        if (!parts.filter().accepts(event.reader())) {
            return;
        }
        CardWorker stopped = null;
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (event instanceof ReaderEvent.ReaderAttached e) {
                stopped = attach(e.reader());
            } else if (event instanceof ReaderEvent.CardInserted e) {
                cardInserted(e.reader(), e.atrHex());
            } else if (event instanceof ReaderEvent.CardRemoved e) {
                cardRemoved(e.reader());
            } else if (event instanceof ReaderEvent.ReaderDetached e) {
                stopped = detach(e.reader(), e.serviceLost());
            }
            lock.notifyAll();
        }
        if (stopped != null) {
            stopped.close();
        }
    }

    private CardWorker attach(String reader) {
        CardWorker old = detach(reader, false);
        ReaderSlot slot = new ReaderSlot(reader, parts.newWorker(reader, this::stepDone, timer));
        slots.put(reader, slot);
        log.info("reader attached: '{}'", reader);
        broadcast(reader, Wire.reader(slot.status));
        return old;
    }

    private void cardInserted(String reader, String atrHex) {
        ReaderSlot slot = slots.get(reader);
        if (slot == null) {
            return;
        }
        boolean live = slot.session != null && !slot.session.terminal();
        boolean back = live && slot.session.cardAway();
        if (live && !back) {
            cardRemoved(reader); // a swap the monitor saw as one change
        }
        slot.presence++;
        slot.atr = atrHex;
        if (back) {
            slot.preparing = true;
            log.info("reader '{}': card placed while session {} waits for its card", reader, slot.session.id());
            apply(slot, slot.session.on(new SessionEvent.CardBack(parts.clock().instant())), null, null);
        } else {
            startSession(slot);
        }
    }

    /** A new session for the card on {@code slot}'s reader (presence {@code slot.presence}). */
    private void startSession(ReaderSlot slot) {
        slot.preparing = true;
        slot.sessionPresence = slot.presence;
        slot.dropHeldCode();
        var started = VerificationSession.start(ids.next(), slot.name, parts.policy(), parts.clock().instant());
        slot.session = started.session();
        slot.participants.clear();
        log.info("reader '{}': card placed; session {}", slot.name, slot.session.id());
        apply(slot, started.outputs(), null, null);
    }

    /** The PC/SC service stopped or is back (its readers follow as detached or attached). */
    private void serviceChanged(boolean available) {
        synchronized (lock) {
            pcscAvailable = available;
            publishService();
        }
        if (!available) {
            log.error("PC/SC サービス(pcscd)に接続できません。読み取り機は使えません / The PC/SC service (pcscd) is"
                    + " not answering; no reader can be used until it is back{}", parts.backend().id().equals("jdk")
                    ? " (the jdk back-end cannot reconnect: restart madoguchi once pcscd runs again, or use backend: jna)"
                    : "");
        }
    }

    private ServiceStatus serviceStatus() {
        return new ServiceStatus(pcscAvailable, parts.audit().health());
    }

    /** Publishes the {@code service} event when the PC/SC or audit state changed. Under the lock. */
    private void publishService() {
        ServiceStatus now = serviceStatus();
        if (!now.equals(publishedService)) {
            publishedService = now;
            outbox.post("", parts.codec().encode(Wire.service(now)));
        }
    }

    /** The PC/SC service and the audit trail, for {@code /health}. */
    public ServiceStatus service() {
        synchronized (lock) {
            return serviceStatus();
        }
    }

    private void cardRemoved(String reader) {
        ReaderSlot slot = slots.get(reader);
        if (slot == null) {
            return;
        }
        if (slot.session != null) {
            apply(slot, slot.session.on(new SessionEvent.CardRemoved(parts.clock().instant())), null, null);
        }
        slot.worker.cardGone(slot.presence);
        slot.presence++;
        slot.preparing = false;
        if (slot.status.card().isPresent()) {
            slot.status = ReaderStatus.empty(reader);
            broadcast(reader, Wire.reader(slot.status));
        }
        boolean kept = slot.session != null && !slot.session.terminal();
        log.info("reader '{}': card removed{}", reader, kept ? "; session " + slot.session.id()
                + " waits for it to come back" : "");
    }

    private CardWorker detach(String reader, boolean serviceLost) {
        ReaderSlot slot = slots.remove(reader);
        if (slot == null) {
            return null;
        }
        if (slot.session != null) {
            apply(slot, slot.session.on(new SessionEvent.ReaderRemoved(serviceLost, parts.clock().instant())), null,
                    null);
        }
        slot.dropHeldCode();
        slot.presence++;
        log.info("reader detached: '{}'", reader);
        broadcast(reader, Wire.reader(ReaderStatus.detached(reader)));
        return slot.worker;
    }

    /** A worker finished a step (any thread). */
    private void stepDone(String reader, long presence, CardSteps.Done done) {
        // 照合番号B read off the card front goes to the photo step the session asks for next, else it is zeroed
        Secret code = done.code();
        try {
            synchronized (lock) {
                ReaderSlot slot = slots.get(reader);
                if (closed || slot == null || slot.session == null || !current(slot, presence, done)) {
                    return;
                }
                boolean wasPreparing = slot.preparing;
                VerificationSession session = slot.session;
                List<SessionOutput> out = session.on(afterUnknownVerify(done.result()));
                slot.preparing = session.pending()
                        .filter(a -> a instanceof CardAction.Prepare || a instanceof CardAction.Recognise).isPresent();
                if (done.card().isPresent()) {
                    slot.status = slot.status.withCard(done.card().get());
                    broadcast(slot.name, Wire.reader(slot.status));
                } else if (wasPreparing && !slot.preparing && slot.status.card().isEmpty() && !gone(done)) {
                    slot.status = slot.status.withCard(new ReaderStatus.CardInReader(CardKind.UNREADABLE,
                            slot.atr, Optional.empty()));
                    broadcast(slot.name, Wire.reader(slot.status));
                } else {
                    syncPin(slot);
                }
                code = apply(slot, out, null, code);
                if (code != null && session.codeWaiting()) { // read while the card is lifted: kept until it is back
                    slot.dropHeldCode();
                    slot.heldCode = code;
                    code = null;
                }
                if (session.endedForOtherCard() && slot.session == session) {
                    slot.presence++; // another card was put back: a session of its own
                    startSession(slot);
                }
                lock.notifyAll();
            }
        } finally {
            if (code != null) {
                code.close();
            }
        }
    }

    /**
     * Whether a finished step still belongs to the slot's card: one of the current presence, or a
     * card-front reading (which needs no card) of the session's lifted card, which outlives presences.
     */
    private static boolean current(ReaderSlot slot, long presence, CardSteps.Done done) {
        if (presence == slot.presence) {
            return true;
        }
        boolean cardFront = done.result() instanceof SessionEvent.CardFrontRead
                || done.result() instanceof SessionEvent.CardFrontUnreadable;
        return cardFront && presence >= slot.sessionPresence;
    }

    /** Marks the facts of a card that recently left during a VERIFY whose outcome is unknown. */
    private SessionEvent.StepResult afterUnknownVerify(SessionEvent.StepResult result) {
        if (result instanceof SessionEvent.Prepared p && p.facts().certificate().isPresent()
                && unknownVerifies.takeRecent(p.facts().certificate().get().report().serialNumber(), p.at())) {
            return new SessionEvent.Prepared(p.step(), p.facts().withUnknownVerifyBefore(), p.at());
        }
        return result;
    }

    /** The step failed because the card or reader went away (the monitor will say so too). */
    private static boolean gone(CardSteps.Done done) {
        return done.result() instanceof SessionEvent.StepFailed f
                && f.reason().cardGone();
    }

    /** The reader's {@code card.pin} follows the session's knowledge of the counter. */
    private void syncPin(ReaderSlot slot) {
        var card = slot.status.card();
        if (card.isPresent() && card.get().pin().isPresent() && !card.get().pin().equals(slot.session.pin())) {
            slot.status = slot.status.withCard(card.get().withPin(slot.session.pin()));
            broadcast(slot.name, Wire.reader(slot.status));
        }
    }

    /**
     * Applies a session's outputs in order; returns the PIN (or 照合番号B) if no VERIFY took it. The
     * secret goes only to the step that the command carrying it caused.
     */
    private Secret apply(ReaderSlot slot, List<SessionOutput> outputs, Subscriber requester, Secret pin) {
        for (SessionOutput o : outputs) {
            if (o instanceof SessionOutput.Accept a) {
                outbox.postTo(requester, slot.name, parts.codec().encode(new ServerMessage.Reply(a.commandId())));
            } else if (o instanceof SessionOutput.Refuse r) {
                outbox.postTo(requester, slot.name, parts.codec().encode(new ServerMessage.ErrorMessage(r.commandId(),
                        switch (r.why()) {
                            case REQUEST -> ErrorCode.BAD_REQUEST;
                            case RATE -> ErrorCode.RATE_LIMITED;
                            case STATE -> ErrorCode.BAD_STATE;
                        },
                        r.message())));
            } else if (o instanceof SessionOutput.Publish p) {
                broadcast(slot.name, Wire.session(p.view()));
            } else if (o instanceof SessionOutput.Finish f) {
                var result = f.result();
                if (result.notice().isPresent()) { // a VERIFY with an unknown outcome: remember the card
                    slot.session.certificate().ifPresent(c -> unknownVerifies.remember(c.report().serialNumber(),
                            result.finishedAt()));
                }
                slot.dropHeldCode();
                finished(result, List.copyOf(slot.participants), slot.name);
                boolean gone = result.reason().filter(Reason::cardGone).isPresent();
                if (!gone) {
                    slot.worker.release(slot.presence);
                }
            } else if (o instanceof SessionOutput.Wait w) {
                String reader = slot.name;
                VerificationSession session = slot.session;
                timer.schedule(() -> timerFired(reader, session, w.step()), w.after().toNanos(),
                        TimeUnit.NANOSECONDS);
            } else if (o instanceof SessionOutput.Run r) {
                Secret handed = null;
                if (r.action() instanceof CardAction.VerifyAndSign
                        || (r.action() instanceof CardAction.ReadPhoto photo && photo.typed())) {
                    handed = pin;
                    pin = null;
                    if (handed == null) { // the card came back: the code read while it was lifted
                        handed = slot.heldCode;
                        slot.heldCode = null;
                    }
                }
                slot.worker.run(slot.presence, r.action(), handed);
            }
        }
        return pin;
    }

    /** A session's timer ran out (timer thread): the consent step's, or a lifted card's. */
    private void timerFired(String reader, VerificationSession session, long step) {
        synchronized (lock) {
            ReaderSlot slot = slots.get(reader);
            if (closed || slot == null || slot.session != session) {
                return;
            }
            apply(slot, slot.session.on(new SessionEvent.TimerFired(step, parts.clock().instant())), null, null);
        }
    }

    /** Logs, counts, audits and publishes a finished session, in that order. */
    private void finished(SessionResult result, List<String> participants, String reader) {
        log.info("session {} on '{}': {}{}{}", result.session(), reader, result.outcome().code(),
                result.method().map(m -> " by " + m.code()).orElse(""),
                result.reason().map(r -> " (" + r.code() + ")").orElse(""));
        parts.metrics().sessionFinished(result);
        outbox.postHeld(reader, parts.codec().encode(Wire.result(result)), audit(result, participants))
                .thenRun(() -> {
                    synchronized (lock) {
                        if (!closed) {
                            publishService(); // after the result: its record may have started or ended a failure
                        }
                    }
                });
    }

    /**
     * Hands the audit record to the writer; the {@code result} waits in the outbox until the record
     * is on disk. A record that cannot be written (disk full, I/O error) does not hold the result
     * back for good: the card has answered and the patient is at the counter. It is logged as an
     * error, counted, and {@code /health} reports {@code audit: failing} until a record is written
     * again.
     */
    private CompletionStage<Void> audit(SessionResult result, List<String> participants) {
        return parts.audit().record(result, participants).whenComplete((v, e) -> {
            if (e != null) {
                parts.metrics().auditFailure();
                log.error("監査ログに書き込めません(セッション {}) / Cannot write the audit record of session {}: {}",
                        result.session(), result.session(), e.toString());
            }
        });
    }

    private void broadcast(String reader, ServerMessage message) {
        outbox.post(reader, parts.codec().encode(message));
    }

    /** Stops the monitor and the workers. The back-end is the caller's to close. */
    @Override
    public void close() {
        monitor.close();
        List<CardWorker> workers;
        synchronized (lock) {
            closed = true;
            outbox.close();
            workers = slots.values().stream().map(s -> s.worker).toList();
            slots.values().forEach(ReaderSlot::dropHeldCode);
            slots.clear();
            lock.notifyAll();
        }
        workers.forEach(CardWorker::close);
        timer.shutdownNow();
    }
}
