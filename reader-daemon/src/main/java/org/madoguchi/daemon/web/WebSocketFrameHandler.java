package org.madoguchi.daemon.web;

import java.util.Arrays;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands whole WebSocket data frames to the connection's {@link ClientConnection} and answers the
 * client's Close. Pings and protocol violations are {@link ControlFrameHandler}'s.
 */
final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);
    /** Set on channels that completed the WebSocket handshake. */
    static final AttributeKey<ClientConnection> SESSION = AttributeKey.valueOf("madoguchi.session");
    /** Set on channels the daemon has given up on (closing): nothing more is sent, counted or logged. */
    private static final AttributeKey<Boolean> GIVEN_UP = AttributeKey.valueOf("madoguchi.givenUp");
    /** How long a connection being closed by the daemon may take to close from the client's side. */
    static final int CLOSE_LINGER_MILLIS = 2_000;
    /** A connection that has not said hello by then is closed, so idle sockets cannot hold the connection limit. */
    static final int HELLO_TIMEOUT_SECONDS = 10;

    private final ServerContext context;
    private final Connections connections;
    private ClientConnection session;

    WebSocketFrameHandler(ServerContext context, Connections connections) {
        this.context = context;
        this.connections = connections;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            Channel channel = ctx.channel();
            // Always through the event loop's queue, even when already on it: messages published from
            // different threads then leave in the order they were published.
            session = new ClientConnection(context, json -> send(channel, json),
                    (status, reason) -> giveUp(channel, status, reason),
                    String.valueOf(channel.remoteAddress()), source(channel), () -> connections.authenticated(channel));
            channel.attr(SESSION).set(session);
            connections.upgraded(channel);
            ClientConnection greeting = session;
            channel.eventLoop().schedule(() -> {
                if (channel.isActive() && !greeting.greeted() && !givenUp(channel)) {
                    log.debug("{}: no hello within {} s; closed", channel.remoteAddress(), HELLO_TIMEOUT_SECONDS);
                    context.metrics().connectionRefused("no_hello");
                    giveUp(channel, ClientConnection.CLOSE_POLICY, "no hello");
                }
            }, HELLO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.debug("{}: WebSocket connected", channel.remoteAddress());
        }
        super.userEventTriggered(ctx, event);
    }

    /**
     * Queues one message. A client that does not read what it is sent (its buffer over the high
     * water mark) is closed rather than letting the daemon's memory grow.
     */
    private void send(Channel channel, String json) {
        channel.eventLoop().execute(() -> {
            if (!channel.isActive() || givenUp(channel)) {
                return;
            }
            if (!channel.isWritable()) {
                notReading(channel, context);
                return;
            }
            channel.writeAndFlush(new TextWebSocketFrame(json));
        });
    }

    /**
     * The client lets {@link HttpServer#SLOW_CLIENT_BYTES} of frames (messages, pongs) pile up
     * unread: it is closed, once, rather than letting the daemon's memory grow.
     */
    static void notReading(Channel channel, ServerContext context) {
        if (channel.attr(GIVEN_UP).setIfAbsent(Boolean.TRUE) != null) {
            return; // already being closed: counted and logged once
        }
        context.metrics().connectionRefused("slow");
        context.logLimiter().admit("slow").ifPresent(more -> log.warn("{}: does not read its messages; disconnected{}",
                channel.remoteAddress(), more));
        stopSession(channel);
        close(channel, ClientConnection.CLOSE_POLICY, "not reading");
    }

    /**
     * Closes a connection the daemon gives up on, once: the session stops, nothing more is sent,
     * and the Close frame goes out as {@link #close} describes. Safe from any thread.
     */
    static void giveUp(Channel channel, int status, String reason) {
        channel.eventLoop().execute(() -> { // after every message queued before
            if (!channel.isActive() || channel.attr(GIVEN_UP).setIfAbsent(Boolean.TRUE) != null) {
                return;
            }
            stopSession(channel);
            close(channel, status, reason);
        });
    }

    private static void stopSession(Channel channel) {
        ClientConnection s = channel.attr(SESSION).get();
        if (s != null) {
            s.closed();
        }
    }

    /** Like {@link #giveUp}, but the socket is closed as soon as the Close frame is written. */
    static void closeNow(Channel channel, int status, String reason) {
        channel.eventLoop().execute(() -> {
            if (!channel.isActive() || channel.attr(GIVEN_UP).setIfAbsent(Boolean.TRUE) != null) {
                return;
            }
            stopSession(channel);
            channel.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
        });
    }

    static boolean givenUp(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(GIVEN_UP).get());
    }

    /** The client's address without the port, for the per-source limits. */
    private static String source(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : String.valueOf(channel.remoteAddress());
    }

    /**
     * Closes a connection the daemon gives up on, without losing what was already sent: the Close
     * frame goes out after every queued message, then the daemon's side of the TCP connection is shut
     * (FIN). What the client still sends is read and dropped until it closes too, so the kernel does
     * not answer unread data with a reset that would discard the Close frame. At most
     * {@link #CLOSE_LINGER_MILLIS} later the socket is closed whatever the client does (a client
     * that does not read at all may then miss the frame).
     */
    static void close(Channel channel, int status, String reason) {
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, CLOSE_LINGER_MILLIS, TimeUnit.MILLISECONDS);
        channel.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(f -> {
            if (f.isSuccess() && channel instanceof SocketChannel socket) {
                socket.shutdownOutput();
            } else {
                channel.close();
            }
        });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame close) {
            answerClose(ctx.channel(), close);
            return;
        }
        if (session == null) {
            return;
        }
        if (frame instanceof TextWebSocketFrame text) {
            ByteBuf content = text.content();
            byte[] utf8 = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), utf8);
            content.setZero(content.readerIndex(), utf8.length); // the message may hold a PIN
            try {
                session.onText(utf8);
            } finally {
                Arrays.fill(utf8, (byte) 0);
            }
        } else if (frame instanceof BinaryWebSocketFrame) {
            session.onBinary();
        }
    }

    /**
     * The client closes: answer with a Close echoing its status (RFC 6455 §5.5.1), or an empty one
     * when it gave none, and close the TCP connection (the server closes it first, §7.1.1).
     */
    private void answerClose(Channel channel, CloseWebSocketFrame close) {
        if (session != null) {
            session.closed();
        }
        if (givenUp(channel)) { // the client answers the daemon's own Close: no second one
            channel.close();
            return;
        }
        channel.attr(GIVEN_UP).set(Boolean.TRUE);
        int status = close.statusCode();
        CloseWebSocketFrame answer = status > 0 && WebSocketCloseStatus.isValidStatusCode(status)
                ? new CloseWebSocketFrame(status, "") : new CloseWebSocketFrame();
        channel.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            session.closed();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException && session != null) {
            log.debug("{}: message too large, closing", ctx.channel().remoteAddress());
            giveUp(ctx.channel(), WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), "message too large");
            return;
        }
        if (cause instanceof CorruptedWebSocketFrameException) {
            return; // answered by ControlFrameHandler
        }
        log.debug("{}: connection closed after an error: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
