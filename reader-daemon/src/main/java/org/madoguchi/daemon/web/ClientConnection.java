package org.madoguchi.daemon.web;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

import org.madoguchi.daemon.log.LogText;
import org.madoguchi.daemon.protocol.ClientMessage;
import org.madoguchi.daemon.protocol.Envelope;
import org.madoguchi.daemon.protocol.ErrorCode;
import org.madoguchi.daemon.protocol.MessageType;
import org.madoguchi.daemon.protocol.ProtocolException;
import org.madoguchi.daemon.protocol.ProtocolLevel;
import org.madoguchi.daemon.protocol.ServerMessage;
import org.madoguchi.daemon.protocol.Wire;
import org.madoguchi.daemon.readers.ReaderHub;
import org.madoguchi.daemon.readers.SimulatorControl;
import org.madoguchi.daemon.security.ClientCredentials;
import org.madoguchi.daemon.security.RateLimiter;
import org.madoguchi.daemon.session.Text;
import org.madoguchi.driver.spi.SimulationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client's conversation, independent of Netty. Incoming frames arrive on one thread
 * at a time; {@link Outbound#send} is called from several threads and must be thread-safe and
 * non-blocking. Message bodies are never logged, only their types.
 *
 * <p>A message is checked in this order: rate ({@code rate_limited}; a client that keeps flooding is
 * disconnected), JSON object with a string {@code type} ({@code bad_request}), known type
 * ({@code unknown_type}), size for its type ({@code too_large}), connection state ({@code bad_state}),
 * permission ({@code forbidden}: {@code sim.*} outside {@code --simulate}, or a command the client's
 * role does not have), fields ({@code bad_request}, {@code invalid_pin_format}, {@code too_large},
 * {@code unsupported_protocol});
 * then the session ({@code unknown_session}, {@code bad_state}). A refused message changes nothing.
 */
public final class ClientConnection {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    /** The protocol level of every connection ({@code welcome.protocol}); see {@link ProtocolLevel}. */
    public static final int PROTOCOL = ProtocolLevel.CURRENT;
    /** WebSocket close status for a client closed for flooding (RFC 6455 1008, policy violation). */
    public static final int CLOSE_POLICY = 1008;
    /** The most entries a {@code history} reply holds. */
    static final int HISTORY_MAX = 500;

    /** Where this session's outgoing JSON goes. */
    @FunctionalInterface
    public interface Outbound {
        void send(String json);
    }

    /** Closes the connection with a WebSocket close status. */
    @FunctionalInterface
    public interface Disconnect {
        void close(int status, String reason);
    }

    private final ServerContext context;
    private final Outbound out;
    private final Disconnect disconnect;
    private final String peer;
    private final String source;
    private final Runnable authenticated;
    private final RateLimiter limiter;
    /** Who said hello; null before. Guarded by this session's monitor, like the rest of its state. */
    private ClientCredentials.Identity identity;
    private ReaderHub.Subscription subscription;
    private boolean closed;

    /**
     * @param peer          the client's address and port, for log lines
     * @param source        the client's address alone, for the per-source limit on token guessing
     * @param authenticated called once when {@code hello} names a configured client
     */
    public ClientConnection(ServerContext context, Outbound out, Disconnect disconnect, String peer, String source,
            Runnable authenticated) {
        this.context = Objects.requireNonNull(context);
        this.out = Objects.requireNonNull(out);
        this.disconnect = Objects.requireNonNull(disconnect);
        this.peer = Objects.requireNonNull(peer);
        this.source = Objects.requireNonNull(source);
        this.authenticated = Objects.requireNonNull(authenticated);
        this.limiter = context.access().newRateLimiter();
    }

    /**
     * A WebSocket ping or pong: it counts against the message rate like any message. Returns whether
     * it may be answered; a client that keeps pinging over the rate is disconnected.
     */
    public synchronized boolean onControlFrame() {
        if (closed) {
            return false;
        }
        RateLimiter.Verdict v = limiter.onMessage(System.nanoTime());
        if (v == RateLimiter.Verdict.ACCEPT) {
            return true;
        }
        context.metrics().refused(ErrorCode.RATE_LIMITED.code());
        if (v == RateLimiter.Verdict.DISCONNECT) {
            flooded();
        }
        return false;
    }

    public void onText(String text) {
        onText(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One text message, as UTF-8; the caller zeroes the array afterwards (it may hold a PIN). */
    public synchronized void onText(byte[] utf8) {
        if (closed || !admitted(utf8)) {
            return;
        }
        Optional<String> id = Optional.empty();
        try (Envelope envelope = context.codec().open(utf8)) {
            id = envelope.id();
            MessageType type = MessageType.of(envelope.type()).orElseThrow(() -> new ProtocolException(
                    ErrorCode.UNKNOWN_TYPE, "不明なメッセージ種別です", "Unknown message type: " + shorten(envelope.type())));
            log.debug("{} ({}): {}", peer, name(), type.wireName());
            if (envelope.bytes() > type.maxBytes()) {
                throw new ProtocolException(ErrorCode.TOO_LARGE, "メッセージが大きすぎます(" + type.wireName() + " は "
                        + type.maxBytes() + " バイトまで)", "Message too large (" + type.wireName() + " allows "
                        + type.maxBytes() + " bytes)");
            }
            checkState(type);
            if (type.simulationOnly() && !context.simulate()) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "シミュレーター操作は --simulate で起動したときだけ使えます"
                        + "", "Simulator commands are only available when the daemon runs with --simulate");
            }
            if (identity != null && !identity.role().allows(type)) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "役割「" + identity.role().code() + "」では "
                        + type.wireName() + " を使えません", "The role '" + identity.role().code()
                        + "' may not send " + type.wireName());
            }
            handle(context.codec().decode(type, envelope));
        } catch (ProtocolException e) {
            log.debug("{} ({}): refused with {}", peer, name(), e.code().code());
            context.metrics().refused(e.code().code());
            sendError(id.or(e::id).orElse(null), e.code(), e.text());
        } catch (RuntimeException e) {
            log.error("{} ({}): internal error: {}", peer, name(), e.getClass().getName());
            sendError(id.orElse(null), ErrorCode.INTERNAL, Text.of("内部エラーが発生しました", "Internal error"));
        }
    }

    public synchronized void onBinary() {
        if (closed || !admitted(null)) {
            return;
        }
        context.metrics().refused(ErrorCode.BAD_REQUEST.code());
        sendError(null, ErrorCode.BAD_REQUEST, Text.of("バイナリフレームは使えません。JSON のテキストフレームを送ってください",
                "Binary frames are not supported; send JSON text frames"));
    }

    /**
     * The rate limit: a message over it is answered {@code rate_limited} (with its {@code id} when
     * that is cheap to find); a client that goes on sending is disconnected.
     */
    private boolean admitted(byte[] utf8) {
        switch (limiter.onMessage(System.nanoTime())) {
            case ACCEPT:
                return true;
            case REFUSE:
                context.metrics().refused(ErrorCode.RATE_LIMITED.code());
                sendError(utf8 == null ? null : cheapId(utf8), ErrorCode.RATE_LIMITED,
                        Text.of("送信が速すぎます。少し待ってから送ってください", "Too many messages; slow down and send again"));
                return false;
            default:
                flooded();
                return false;
        }
    }

    private void flooded() {
        context.metrics().connectionRefused("flood");
        context.logLimiter().admit("flood").ifPresent(more -> log.warn("{} ({}): kept sending over the rate limit;"
                + " disconnected{}", peer, name(), more));
        closed();
        disconnect.close(CLOSE_POLICY, "rate limit exceeded");
    }

    /** The {@code id} of a small message, for a {@code rate_limited} answer; null when there is none. */
    private String cheapId(byte[] utf8) {
        if (utf8.length > 4096) {
            return null;
        }
        try (Envelope envelope = context.codec().open(utf8)) {
            return envelope.id().orElse(null);
        } catch (ProtocolException e) {
            return e.id().orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether {@code hello} has been received. */
    public synchronized boolean greeted() {
        return subscription != null;
    }

    /** The connection is gone (or is being closed): stop the events. Only the first call does anything. */
    public synchronized void closed() {
        if (closed) {
            return;
        }
        closed = true;
        if (subscription != null) {
            subscription.close();
            subscription = null;
            context.metrics().clientDisconnected();
        }
        if (identity != null) {
            if (identity.authenticated()) {
                log.info("{} ({}): disconnected", peer, name());
            } else {
                log.debug("{} ({}): disconnected", peer, name());
            }
        }
    }

    /**
     * The client's name for log lines: the configured one, or what it claimed (quoted and escaped:
     * a client can put anything there); {@code (none)} before hello.
     */
    private String name() {
        return identity == null ? "(none)" : identity.authenticated() ? identity.name() : LogText.quote(identity.name());
    }

    private void checkState(MessageType type) throws ProtocolException {
        boolean greeted = subscription != null;
        if (type == MessageType.HELLO && greeted) {
            throw new ProtocolException(ErrorCode.BAD_STATE,
                    "hello は接続ごとに一度だけです", "hello was already received on this connection");
        }
        if (type != MessageType.HELLO && !greeted) {
            throw new ProtocolException(ErrorCode.BAD_STATE,
                    "最初に hello を送ってください", "Send hello first");
        }
    }

    private void handle(ClientMessage message) {
        if (message instanceof ClientMessage.Hello hello) {
            long now = System.nanoTime();
            if (hello.token().isPresent() && !context.authThrottle().mayTry(source, now)) {
                throttled();
                return;
            }
            identity = context.access().credentials().identify(hello.token(), hello.client());
            if (hello.token().isPresent() && !identity.authenticated()) {
                context.authThrottle().failed(source, now);
                context.metrics().connectionRefused("wrong_token");
                context.logLimiter().admit("wrong_token").ifPresent(more -> log.warn("{} ({}): hello with a token"
                        + " that is not configured; observer only{}", peer, name(), more));
            }
            if (identity.authenticated()) {
                authenticated.run();
            }
            subscription = context.hub().subscribe(out::send, this::sendWelcome);
            context.metrics().clientConnected();
            if (identity.authenticated()) {
                log.info("{} ({}): hello, role {}", peer, name(), identity.role().code());
            } else {
                context.logLimiter().admit("hello_observer").ifPresent(more -> log.info("{} ({}): hello without a"
                        + " configured token, role observer{}", peer, name(), more));
            }
        } else if (message instanceof ClientMessage.Ping ping) {
            send(new ServerMessage.Reply(ping.id()));
        } else if (message instanceof ClientMessage.SessionCommand command) {
            context.hub().command(command, out::send, identity.name());
        } else if (message instanceof ClientMessage.RecordDocument document) {
            context.hub().recordDocument(document, out::send, identity.name());
        } else if (message instanceof ClientMessage.History history) {
            history(history.id());
        } else if (message instanceof ClientMessage.SimFault fault) {
            simulator().injectFault(fault.reader(), fault.fault(), completion(fault.id()));
        } else if (message instanceof ClientMessage.SimFace face) {
            simulator().steerFace(face.reader(), face.outcome(), completion(face.id()));
        } else if (message instanceof ClientMessage.SimInsert insert) {
            simulator().insert(insert.reader(), insert.profile(), insert.photo(), completion(insert.id()));
        } else if (message instanceof ClientMessage.SimRemove remove) {
            simulator().remove(remove.reader(), completion(remove.id()));
        }
    }

    /** Today's finished sessions from the audit file (read on this thread; bounded, see AuditHistory). */
    private void history(String id) {
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        try {
            var entries = context.audit().history(java.time.LocalDate.now(zone), zone, HISTORY_MAX);
            send(new ServerMessage.HistoryReply(id, entries.isPresent() ? "on" : "off", entries.orElse(java.util.List.of())));
        } catch (java.io.IOException e) {
            log.warn("{} ({}): cannot read the audit file for history: {}", peer, name(), e.getClass().getSimpleName());
            sendError(id, ErrorCode.INTERNAL, Text.of("監査ファイルを読めません", "Cannot read the audit file"));
        }
    }

    /** Too many wrong tokens lately: this one is not even checked. */
    private void throttled() {
        context.metrics().connectionRefused("auth_throttled");
        context.logLimiter().admit("auth_throttled").ifPresent(more -> log.warn("{}: too many hellos with wrong tokens;"
                + " refused without checking{}", peer, more));
        sendError(null, ErrorCode.RATE_LIMITED, Text.of("トークンの誤りが多すぎます。しばらく待ってから接続し直してください",
                "Too many wrong tokens lately; wait a little and connect again"));
        closed();
        disconnect.close(CLOSE_POLICY, "too many wrong tokens");
    }

    private SimulatorControl simulator() {
        return context.simulator().orElseThrow();
    }

    private SimulatorControl.Completion completion(String id) {
        return new SimulatorControl.Completion() {
            @Override
            public void succeeded() {
                send(new ServerMessage.Reply(id));
            }

            @Override
            public void refused(SimulationException e) {
                sendError(id, ErrorCode.BAD_REQUEST, refusal(e));
            }

            @Override
            public void failed() {
                sendError(id, ErrorCode.INTERNAL, Text.of("シミュレーターでエラーが発生しました", "The simulator failed"));
            }
        };
    }

    private Text refusal(SimulationException e) {
        return switch (e.reason()) {
            case UNKNOWN_READER -> Text.of("その名前の読み取り機はありません", "No reader with that name");
            case UNKNOWN_PROFILE -> {
                String known = String.join(", ", simulator().profileNames());
                yield Text.of("そのプロファイルはありません(使えるもの: " + known + ")", "No such profile (known: " + known + ")");
            }
            case NO_CARD -> Text.of("読み取り機にカードがありません", "There is no card in the reader");
            case BAD_PHOTO -> {
                String[] both = String.valueOf(e.getMessage()).split(" / ", 2);
                yield Text.of(both[0], both.length > 1 ? both[1] : both[0]);
            }
        };
    }

    /** {@code welcome}, then one {@code session} per live session (docs/protocol.md, "Ordering"). */
    private void sendWelcome(ReaderHub.Snapshot snapshot) {
        send(new ServerMessage.Welcome(PROTOCOL, identity.role().code(), context.version(),
                snapshot.readers().stream().map(Wire::reader).toList(), Wire.service(snapshot.service()).info()));
        snapshot.sessions().forEach(view -> send(Wire.session(view)));
    }

    private void sendError(String id, ErrorCode code, Text message) {
        send(new ServerMessage.ErrorMessage(id, code, message));
    }

    private void send(ServerMessage message) {
        out.send(context.codec().encode(message));
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
