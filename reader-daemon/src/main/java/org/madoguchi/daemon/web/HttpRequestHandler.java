package org.madoguchi.daemon.web;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain HTTP requests: {@code GET /health}, {@code GET /metrics}, the pages ({@link StaticFiles}: start
 * page, kiosk, console, JS client), and a JSON 404 for everything else. WebSocket upgrades
 * on {@code /v1/ws} never reach this handler; the WebSocket protocol handler before it takes them.
 */
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRequestHandler.class);

    private final ServerContext context;
    private final StaticFiles files;

    HttpRequestHandler(ServerContext context, StaticFiles files) {
        this.context = context;
        this.files = files;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws JsonProcessingException {
        if (!request.decoderResult().isSuccess()) {
            respondProblem(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "リクエストを解釈できません", "Malformed request");
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        log.debug("{} {}", request.method(), path);
        if (path.equals("/metrics")) {
            if (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD)) {
                respondText(ctx, request, context.metrics().scrape());
            } else {
                respondProblem(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                        "GET だけが使えます", "Only GET is allowed");
            }
        } else if (path.equals("/health")) {
            if (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD)) {
                respond(ctx, request, HttpResponseStatus.OK, HealthReport.of(context));
            } else {
                respondProblem(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                        "GET だけが使えます", "Only GET is allowed");
            }
        } else if (files.find(path).isPresent()) {
            if (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD)) {
                respondFile(ctx, request, files.find(path).get());
            } else {
                respondProblem(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                        "GET だけが使えます", "Only GET is allowed");
            }
        } else {
            respondProblem(ctx, request, HttpResponseStatus.NOT_FOUND, "not_found",
                    "見つかりません", "Not found");
        }
    }

    /** A page or asset: revalidated on every use ({@code no-cache} + ETag), never sniffed, never framed. */
    private void respondFile(ChannelHandlerContext ctx, FullHttpRequest request, StaticFiles.Asset asset) {
        String ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        boolean fresh = ifNoneMatch != null && java.util.Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip).anyMatch(t -> t.equals(asset.etag()) || t.equals("W/" + asset.etag()));
        FullHttpResponse response = fresh
                ? HttpResponses.of(HttpResponseStatus.NOT_MODIFIED, new byte[0], asset.contentType(), false)
                : HttpResponses.of(HttpResponseStatus.OK, asset.body(), asset.contentType(),
                        !request.method().equals(HttpMethod.HEAD));
        if (fresh) {
            response.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        }
        response.headers()
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set(HttpHeaderNames.ETAG, asset.etag())
                .set("Referrer-Policy", "no-referrer")
                .set("X-Frame-Options", "DENY")
                .set("Cross-Origin-Opener-Policy", "same-origin")
                .set("Cross-Origin-Resource-Policy", "same-origin");
        if (asset.page()) {
            String host = request.headers().get(HttpHeaderNames.HOST, "127.0.0.1");
            response.headers()
                    .set("Content-Security-Policy", StaticFiles.contentSecurityPolicy(host))
                    .set("Permissions-Policy", "camera=(self), microphone=(), geolocation=(), usb=(), payment=()");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void respondProblem(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
            String code, String ja, String en) {
        send(ctx, request, status, HttpResponses.problem(code, ja, en), HttpResponses.JSON);
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, Object body)
            throws JsonProcessingException {
        byte[] json = context.codec().mapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        send(ctx, request, status, json, HttpResponses.JSON);
    }

    /** Prometheus text exposition format 0.0.4. */
    private void respondText(ChannelHandlerContext ctx, FullHttpRequest request, String text) {
        send(ctx, request, HttpResponseStatus.OK, text.getBytes(StandardCharsets.UTF_8),
                "text/plain; version=0.0.4; charset=utf-8");
    }

    private void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, byte[] json,
            String contentType) {
        FullHttpResponse response = HttpResponses.of(status, json, contentType,
                !request.method().equals(HttpMethod.HEAD));
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel().hasAttr(WebSocketFrameHandler.SESSION)) {
            ctx.fireExceptionCaught(cause); // a WebSocket connection: its own handler decides
            return;
        }
        log.debug("HTTP connection closed after an error: {}", cause.toString());
        ctx.close();
    }
}
