package org.madoguchi.daemon.web;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.madoguchi.daemon.protocol.ClientMessage;
import org.madoguchi.daemon.protocol.Envelope;
import org.madoguchi.daemon.protocol.ErrorCode;
import org.madoguchi.daemon.protocol.MessageType;
import org.madoguchi.daemon.protocol.ProtocolException;
import org.madoguchi.daemon.protocol.ServerMessage;
import org.madoguchi.daemon.readers.ReaderHub;
import org.madoguchi.daemon.readers.ReaderStatus;
import org.madoguchi.daemon.readers.SimulatorControl;
import org.madoguchi.driver.spi.SimulationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client's conversation, independent of Netty. Incoming frames arrive on one thread
 * at a time; {@link Outbound#send} is called from several threads and must be thread-safe and
 * non-blocking. Message bodies are never logged, only their types.
 *
 * <p>A message is checked in this order: JSON object with a string {@code type} ({@code bad_request}),
 * known type ({@code unknown_type}), connection state ({@code bad_state}), permission
 * ({@code forbidden}), fields ({@code bad_request}).
 */
public final class ClientSession {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    /** Protocol version spoken by this daemon. */
    public static final int PROTOCOL = 1;
    /** Every client is staff until tokens and roles arrive with the security work. */
    static final String PROVISIONAL_ROLE = "staff";

    /** Where this session's outgoing JSON goes. */
    @FunctionalInterface
    public interface Outbound {
        void send(String json);
    }

    private final ServerContext context;
    private final Outbound out;
    private final String peer;
    private volatile String client;
    private ReaderHub.Subscription subscription;
    private boolean closed;

    public ClientSession(ServerContext context, Outbound out, String peer) {
        this.context = Objects.requireNonNull(context);
        this.out = Objects.requireNonNull(out);
        this.peer = Objects.requireNonNull(peer);
    }

    public synchronized void onText(String text) {
        if (closed) {
            return;
        }
        Optional<String> id = Optional.empty();
        try {
            Envelope envelope = context.codec().open(text);
            id = envelope.id();
            MessageType type = MessageType.of(envelope.type()).orElseThrow(() -> new ProtocolException(
                    ErrorCode.UNKNOWN_TYPE, "不明なメッセージ種別です / Unknown message type: " + shorten(envelope.type())));
            log.debug("{} ({}): {}", peer, client, type.wireName());
            checkState(type);
            if (type.simulationOnly() && !context.simulate()) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "シミュレーター操作は --simulate で起動したときだけ使えます"
                        + " / Simulator commands are only available when the daemon runs with --simulate");
            }
            handle(context.codec().decode(type, envelope));
        } catch (ProtocolException e) {
            log.debug("{} ({}): refused with {}", peer, client, e.code().code());
            sendError(id.orElse(null), e.code(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("{} ({}): internal error", peer, client, e);
            sendError(id.orElse(null), ErrorCode.INTERNAL, "内部エラーが発生しました / Internal error");
        }
    }

    public void onBinary() {
        sendError(null, ErrorCode.BAD_REQUEST,
                "バイナリフレームは使えません。JSON のテキストフレームを送ってください"
                        + " / Binary frames are not supported; send JSON text frames");
    }

    /** The connection is gone: stop the events. */
    public synchronized void closed() {
        closed = true;
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        if (client != null) {
            log.info("{} ({}): disconnected", peer, client);
        }
    }

    private void checkState(MessageType type) throws ProtocolException {
        boolean greeted = subscription != null;
        if (type == MessageType.HELLO && greeted) {
            throw new ProtocolException(ErrorCode.BAD_STATE,
                    "hello は接続ごとに一度だけです / hello was already received on this connection");
        }
        if (type != MessageType.HELLO && !greeted) {
            throw new ProtocolException(ErrorCode.BAD_STATE,
                    "最初に hello を送ってください / Send hello first");
        }
    }

    private void handle(ClientMessage message) {
        if (message instanceof ClientMessage.Hello hello) {
            client = hello.client();
            subscription = context.hub().subscribe(this::onReader, this::sendWelcome);
            log.info("{} ({}): hello, role {}", peer, client, PROVISIONAL_ROLE);
        } else if (message instanceof ClientMessage.Ping ping) {
            send(new ServerMessage.Reply(ping.id()));
        } else if (message instanceof ClientMessage.SimInsert insert) {
            simulator().insert(insert.reader(), insert.profile(), completion(insert.id()));
        } else if (message instanceof ClientMessage.SimRemove remove) {
            simulator().remove(remove.reader(), completion(remove.id()));
        }
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
                sendError(id, ErrorCode.INTERNAL, "シミュレーターでエラーが発生しました / The simulator failed");
            }
        };
    }

    private String refusal(SimulationException e) {
        return switch (e.reason()) {
            case UNKNOWN_READER -> "その名前の読み取り機はありません / No reader with that name";
            case UNKNOWN_PROFILE -> {
                String known = String.join(", ", simulator().profileNames());
                yield "そのプロファイルはありません(使えるもの: " + known + ") / No such profile (known: " + known + ")";
            }
            case NO_CARD -> "読み取り機にカードがありません / There is no card in the reader";
        };
    }

    private void sendWelcome(List<ReaderStatus> readers) {
        send(new ServerMessage.Welcome(PROTOCOL, PROVISIONAL_ROLE, context.version(),
                readers.stream().map(Wire::reader).toList()));
    }

    private void onReader(ReaderStatus status) {
        send(Wire.reader(status));
    }

    private void sendError(String id, ErrorCode code, String message) {
        send(new ServerMessage.ErrorMessage(id, code, message));
    }

    private void send(ServerMessage message) {
        out.send(context.codec().encode(message));
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
