package org.madoguchi.daemon.web;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * Hands whole WebSocket data frames to the connection's {@link ClientConnection}. Control frames
 * (ping, pong, close) are answered by Netty's protocol handler before this one.
 */
final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);
    /** Set on channels that completed the WebSocket handshake. */
    static final AttributeKey<ClientConnection> SESSION = AttributeKey.valueOf("madoguchi.session");
    /** How long a connection being closed by the daemon may take to close from the client's side. */
    static final int CLOSE_LINGER_MILLIS = 2_000;
    /** A connection that has not said hello by then is closed, so idle sockets cannot hold the connection limit. */
    static final int HELLO_TIMEOUT_SECONDS = 10;

    private final ServerContext context;
    private final AtomicInteger openWebSockets;
    private ClientConnection session;

    WebSocketFrameHandler(ServerContext context, AtomicInteger openWebSockets) {
        this.context = context;
        this.openWebSockets = openWebSockets;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            Channel channel = ctx.channel();
            // Always through the event loop's queue, even when already on it: messages published from
            // different threads then leave in the order they were published.
            session = new ClientConnection(context, json -> send(channel, json),
                    (status, reason) -> channel.eventLoop().execute(() -> close(channel, status, reason)),
                    String.valueOf(channel.remoteAddress()));
            channel.attr(SESSION).set(session);
            openWebSockets.incrementAndGet();
            ClientConnection greeting = session;
            channel.eventLoop().schedule(() -> {
                if (channel.isActive() && !greeting.greeted()) {
                    log.debug("{}: no hello within {} s; closed", channel.remoteAddress(), HELLO_TIMEOUT_SECONDS);
                    context.metrics().connectionRefused("no_hello");
                    close(channel, ClientConnection.CLOSE_POLICY, "no hello");
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
            if (!channel.isActive()) {
                return;
            }
            if (!channel.isWritable()) {
                log.warn("{}: does not read its messages; disconnected", channel.remoteAddress());
                context.metrics().connectionRefused("slow");
                session.closed();
                close(channel, ClientConnection.CLOSE_POLICY, "not reading");
                return;
            }
            channel.writeAndFlush(new TextWebSocketFrame(json));
        });
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
        int status = close.statusCode();
        CloseWebSocketFrame answer = status > 0 && WebSocketCloseStatus.isValidStatusCode(status)
                ? new CloseWebSocketFrame(status, "") : new CloseWebSocketFrame();
        channel.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            session.closed();
            openWebSockets.decrementAndGet();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException && session != null) {
            log.debug("{}: message too large, closing", ctx.channel().remoteAddress());
            session.closed();
            close(ctx.channel(), WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), "message too large");
            return;
        }
        if (cause instanceof CorruptedWebSocketFrameException) {
            // The frame decoder has already sent its Close (1002, 1007, 1009) and is closing the connection.
            log.debug("{}: WebSocket protocol violation: {}", ctx.channel().remoteAddress(), cause.getMessage());
            return;
        }
        log.debug("{}: connection closed after an error: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
