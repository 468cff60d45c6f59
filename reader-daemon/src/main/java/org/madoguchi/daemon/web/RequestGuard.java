package org.madoguchi.daemon.web;

import java.util.Optional;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

import org.madoguchi.daemon.log.LogLimiter;
import org.madoguchi.daemon.log.LogText;
import org.madoguchi.daemon.metrics.DaemonMetrics;
import org.madoguchi.daemon.security.RequestOriginPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first look at every HTTP request, before the WebSocket handshake or any page. A request that
 * could not be read is answered for what it is: {@code 414} (request line too long), {@code 431}
 * (headers too large) or {@code 400} (anything else: no {@code Host}, the HTTP/2 preface), or dropped without a
 * word when the client hung up mid-request. Then a {@code Host} that does not name the daemon (DNS
 * rebinding) or an {@code Origin} that is not allowed gets {@code 403}; a WebSocket upgrade beyond
 * the connection limit gets {@code 503}. A refused request closes its connection; nothing else
 * happens: no handshake, no frame, no event. Log lines about refusals are bounded ({@link LogLimiter}).
 */
final class RequestGuard extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RequestGuard.class);

    private final RequestOriginPolicy policy;
    private final Connections connections;
    private final DaemonMetrics metrics;
    private final LogLimiter logLimiter;

    RequestGuard(RequestOriginPolicy policy, Connections connections, DaemonMetrics metrics, LogLimiter logLimiter) {
        this.policy = policy;
        this.connections = connections;
        this.metrics = metrics;
        this.logLimiter = logLimiter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!request.decoderResult().isSuccess()) {
            ReferenceCountUtil.release(request);
            unreadable(ctx, request.decoderResult().cause());
            return;
        }
        Optional<String> host = Optional.ofNullable(request.headers().get(HttpHeaderNames.HOST));
        if (request.protocolVersion().majorVersion() != 1 || host.isEmpty()) {
            // Not HTTP/1.x (e.g. the HTTP/2 preface), or no Host at all: no browser sends that, so it
            // is no DNS rebinding either, just a request this daemon cannot take.
            ReferenceCountUtil.release(request);
            unreadable(ctx, null);
            return;
        }
        connections.requestRead(ctx.channel());
        Optional<String> origin = Optional.ofNullable(request.headers().get(HttpHeaderNames.ORIGIN));
        byte[] refusal = null;
        HttpResponseStatus status = HttpResponseStatus.FORBIDDEN;
        if (!policy.hostAllowed(host)) {
            refusal = HttpResponses.problem("forbidden_host",
                    "このホスト名では接続できません", "This Host is not the madoguchi daemon");
            metrics.connectionRefused("host");
            logLimiter.admit("forbidden_host").ifPresent(more -> log.warn("refused a request from {}: Host {} is not"
                    + " this daemon (DNS rebinding?){}", ctx.channel().remoteAddress(), LogText.quote(host.orElse(null)),
                    more));
        } else if (!policy.originAllowed(origin)) {
            refusal = HttpResponses.problem("forbidden_origin",
                    "このページからは接続できません(allowedOrigins にありません)", "This page's origin is not in allowedOrigins");
            metrics.connectionRefused("origin");
            logLimiter.admit("forbidden_origin").ifPresent(more -> log.warn("refused a request from {}: Origin {} is"
                    + " not in allowedOrigins{}", ctx.channel().remoteAddress(), LogText.quote(origin.orElse(null)),
                    more));
        } else if (isUpgrade(request) && !connections.admitWebSocket()) {
            status = HttpResponseStatus.SERVICE_UNAVAILABLE;
            refusal = HttpResponses.problem("too_many_connections",
                    "接続数の上限に達しています", "Too many open connections (limits.connections)");
            metrics.connectionRefused("connections");
            logLimiter.admit("connections").ifPresent(more -> log.warn("refused a WebSocket from {}: every connection"
                    + " is taken (limits.connections){}", ctx.channel().remoteAddress(), more));
        }
        if (refusal == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(request);
        refuse(ctx, status, refusal);
    }

    /** A request the HTTP decoder could not read: say what was wrong, unless nobody is listening. */
    private void unreadable(ChannelHandlerContext ctx, Throwable cause) {
        if (!ctx.channel().isActive()) {
            return; // the client hung up mid-request: nothing to answer, nothing to report
        }
        HttpResponseStatus status;
        byte[] body;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            body = HttpResponses.problem("uri_too_long", "リクエスト行が長すぎます", "Request line too long");
        } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            body = HttpResponses.problem("headers_too_large", "ヘッダーが大きすぎます", "Request headers too large");
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
            body = HttpResponses.problem("bad_request", "リクエストを解釈できません", "Malformed request");
        }
        metrics.connectionRefused("malformed");
        logLimiter.admit("malformed_http").ifPresent(more -> log.debug("unreadable HTTP request from {} ({}): {}{}",
                ctx.channel().remoteAddress(), status.code(), cause == null ? "?" : cause.getClass().getSimpleName(),
                more));
        refuse(ctx, status, body);
    }

    private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, byte[] body) {
        FullHttpResponse response = HttpResponses.of(status, body, HttpResponses.JSON, true);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static boolean isUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }
}
