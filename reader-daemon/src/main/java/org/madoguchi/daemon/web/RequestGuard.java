package org.madoguchi.daemon.web;

import java.util.Optional;
import java.util.function.IntSupplier;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

import org.madoguchi.daemon.metrics.DaemonMetrics;
import org.madoguchi.daemon.security.RequestOriginPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first look at every HTTP request, before the WebSocket handshake or any page: a {@code Host}
 * that does not name the daemon (DNS rebinding) or an {@code Origin} that is not allowed gets
 * {@code 403} and the connection is closed; a WebSocket upgrade beyond the connection limit gets
 * {@code 503}. Nothing else happens for a refused request: no handshake, no frame, no event.
 */
final class RequestGuard extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RequestGuard.class);

    private final RequestOriginPolicy policy;
    private final IntSupplier openWebSockets;
    private final int maxWebSockets;
    private final DaemonMetrics metrics;

    RequestGuard(RequestOriginPolicy policy, IntSupplier openWebSockets, int maxWebSockets, DaemonMetrics metrics) {
        this.policy = policy;
        this.metrics = metrics;
        this.openWebSockets = openWebSockets;
        this.maxWebSockets = maxWebSockets;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Optional<String> host = Optional.ofNullable(request.headers().get(HttpHeaderNames.HOST));
        Optional<String> origin = Optional.ofNullable(request.headers().get(HttpHeaderNames.ORIGIN));
        byte[] refusal = null;
        HttpResponseStatus status = HttpResponseStatus.FORBIDDEN;
        if (!policy.hostAllowed(host)) {
            refusal = HttpResponses.problem("forbidden_host",
                    "このホスト名では接続できません", "This Host is not the madoguchi daemon");
            metrics.connectionRefused("host");
            log.warn("refused a request from {}: Host {} is not this daemon (DNS rebinding?)",
                    ctx.channel().remoteAddress(), printable(host));
        } else if (!policy.originAllowed(origin)) {
            refusal = HttpResponses.problem("forbidden_origin",
                    "このページからは接続できません(allowedOrigins にありません)", "This page's origin is not in allowedOrigins");
            metrics.connectionRefused("origin");
            log.warn("refused a request from {}: Origin {} is not in allowedOrigins", ctx.channel().remoteAddress(),
                    printable(origin));
        } else if (isUpgrade(request) && openWebSockets.getAsInt() >= maxWebSockets) {
            status = HttpResponseStatus.SERVICE_UNAVAILABLE;
            refusal = HttpResponses.problem("too_many_connections",
                    "接続数の上限に達しています", "Too many open connections (limits.connections)");
            metrics.connectionRefused("connections");
            log.warn("refused a WebSocket from {}: {} connections open (limits.connections)",
                    ctx.channel().remoteAddress(), maxWebSockets);
        }
        if (refusal == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(request);
        FullHttpResponse response = HttpResponses.of(status, refusal, HttpResponses.JSON, true);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static boolean isUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /** A header value for a log line: bounded, with control characters replaced. */
    private static String printable(Optional<String> value) {
        if (value.isEmpty()) {
            return "(none)";
        }
        String v = value.get();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length() && i < 80; i++) {
            char c = v.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return "'" + b + (v.length() > 80 ? "…'" : "'");
    }
}
