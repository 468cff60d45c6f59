package org.madoguchi.daemon.web;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;

import org.madoguchi.daemon.StartupException;
import org.madoguchi.daemon.protocol.MessageCodec;
import org.madoguchi.daemon.security.RequestOriginPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP and WebSocket on one port: {@code /health}, {@code /metrics}, {@code /v1/ws}, and a JSON 404 elsewhere.
 * Every request first passes the {@link RequestGuard} ({@code Host}, {@code Origin}, connection limit).
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    /** The WebSocket endpoint of protocol v1. */
    public static final String WS_PATH = "/v1/ws";
    /**
     * Largest WebSocket message (after joining fragments): a {@code faceCapture}; other types are
     * refused with {@code too_large} above {@link MessageCodec#MAX_COMMAND_MESSAGE}.
     */
    public static final int MAX_MESSAGE_BYTES = MessageCodec.MAX_FACE_MESSAGE;
    /** Largest HTTP request body. */
    public static final int MAX_HTTP_BYTES = 64 * 1024;
    /** Longest HTTP request line, in bytes (longer: 414). */
    static final int MAX_REQUEST_LINE = 4096;
    /** Largest HTTP header block, in bytes (larger: 431). */
    static final int MAX_HEADERS = 8192;
    /** Unsent bytes to one client beyond which it is taken for a client that does not read, and closed. */
    static final int SLOW_CLIENT_BYTES = 8 * 1024 * 1024;

    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final ChannelGroup channels;
    private final Channel serverChannel;

    private HttpServer(EventLoopGroup acceptors, EventLoopGroup workers, ChannelGroup channels, Channel serverChannel) {
        this.acceptors = acceptors;
        this.workers = workers;
        this.channels = channels;
        this.serverChannel = serverChannel;
    }

    /** Binds {@code host:port} (port 0: any free port) and starts serving. */
    public static HttpServer start(String host, int port, ServerContext context) throws StartupException {
        EventLoopGroup acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        ChannelGroup channels = new DefaultChannelGroup("madoguchi", GlobalEventExecutor.INSTANCE);
        AtomicReference<RequestOriginPolicy> origins = new AtomicReference<>();
        Connections connections = new Connections(context.access().limits(), context.metrics(), context.logLimiter());
        StaticFiles files = StaticFiles.load();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(SLOW_CLIENT_BYTES / 2, SLOW_CLIENT_BYTES))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        RequestOriginPolicy policy = origins.get();
                        if (policy == null) { // accepted in the instant between bind and the policy being set
                            ch.close();
                            return;
                        }
                        channels.add(ch);
                        connections.accepted(ch);
                        ch.pipeline()
                                .addLast(new HttpServerCodec(MAX_REQUEST_LINE, MAX_HEADERS, 8192))
                                .addLast(new HttpObjectAggregator(MAX_HTTP_BYTES))
                                .addLast(new RequestGuard(policy, connections, context.metrics(), context.logLimiter()))
                                // Ours, before the protocol handler (which then adds none): its violations reach
                                // ControlFrameHandler instead of the protocol handler's silent close.
                                .addLast(new Utf8FrameValidator(false))
                                .addLast(new ControlFrameHandler(context))
                                .addLast(new WebSocketServerProtocolHandler(wsConfig()))
                                .addLast(new WebSocketFrameAggregator(MAX_MESSAGE_BYTES))
                                .addLast(new HttpRequestHandler(context, files))
                                .addLast(new WebSocketFrameHandler(context, connections));
                    }
                });
        try {
            Channel channel = bootstrap.bind(host, port).sync().channel();
            origins.set(new RequestOriginPolicy(host, ((InetSocketAddress) channel.localAddress()).getPort(),
                    context.access().allowedOrigins()));
            channels.add(channel);
            log.info("listening on {}", channel.localAddress());
            return new HttpServer(acceptors, workers, channels, channel);
        } catch (Exception e) {
            acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new StartupException(StartupException.FAILURE, "待ち受けを開始できません(" + host + ":" + port
                    + ") / Cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static WebSocketServerProtocolConfig wsConfig() {
        return WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(WS_PATH)
                .checkStartsWith(false)
                .handshakeTimeoutMillis(10_000)
                // Protocol violations (a reserved opcode, a broken Close frame, invalid UTF-8, …) are
                // answered by ControlFrameHandler with one Close carrying their status.
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                        .allowExtensions(false)
                        .closeOnProtocolViolation(false)
                        .build())
                // Close frames are the daemon's own business (WebSocketFrameHandler): no automatic Close
                // (1000) on every channel close, which would follow the frame decoder's own Close (1002,
                // 1007, 1009) after a protocol violation as a second one.
                .handleCloseFrames(false)
                .sendCloseFrame(null)
                .build();
    }

    /** The bound address (with the real port when started on port 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Says goodbye to WebSocket clients (close status 1001), closes every connection, stops the threads. */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        channels.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE),
                ch -> ch.hasAttr(WebSocketFrameHandler.SESSION)).awaitUninterruptibly(1, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
