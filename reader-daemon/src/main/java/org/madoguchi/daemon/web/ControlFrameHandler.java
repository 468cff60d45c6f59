package org.madoguchi.daemon.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket control: pings, pongs and protocol violations, handled before Netty's protocol handler,
 * which would answer every ping at once and close the connection on a violation without a word.
 *
 * <p>Pings and pongs: a
 * ping counts against the connection's message rate like any message (a flood of pings is refused,
 * then closed with 1008), and is answered only while the client reads what it is sent: a client
 * that sends pings and never reads the pongs meets the same {@link HttpServer#SLOW_CLIENT_BYTES}
 * bound as one that never reads its messages. Unsolicited pongs count against the rate and are
 * dropped.
 *
 * <p>Protocol violations found by the frame decoder or the UTF-8 validator (a reserved opcode, a
 * broken Close frame, invalid UTF-8, …) are answered with one Close frame carrying their status
 * (1002, 1007, 1009), then the connection is closed as {@link WebSocketFrameHandler#close} does.
 */
final class ControlFrameHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ControlFrameHandler.class);

    private final ServerContext context;

    ControlFrameHandler(ServerContext context) {
        this.context = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        boolean ping = msg instanceof PingWebSocketFrame;
        if (!ping && !(msg instanceof PongWebSocketFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        WebSocketFrame frame = (WebSocketFrame) msg;
        try {
            ClientConnection session = ctx.channel().attr(WebSocketFrameHandler.SESSION).get();
            if (session == null || WebSocketFrameHandler.givenUp(ctx.channel()) || !session.onControlFrame()
                    || !ping) {
                return;
            }
            if (!ctx.channel().isWritable()) {
                WebSocketFrameHandler.notReading(ctx.channel(), context);
                return;
            }
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } finally {
            frame.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof CorruptedWebSocketFrameException corrupt)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        // The decoder sends nothing itself (closeOnProtocolViolation is off) and drops what follows.
        log.debug("{}: WebSocket protocol violation: {}", ctx.channel().remoteAddress(), cause.getMessage());
        WebSocketCloseStatus status = corrupt.closeStatus() == null ? WebSocketCloseStatus.PROTOCOL_ERROR
                : corrupt.closeStatus();
        WebSocketFrameHandler.giveUp(ctx.channel(), status.code(), status.reasonText());
    }
}
