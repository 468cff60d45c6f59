package org.madoguchi.daemon.web;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;

import org.madoguchi.daemon.config.LimitsConfig;
import org.madoguchi.daemon.log.LogLimiter;
import org.madoguchi.daemon.metrics.DaemonMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every open connection, in three bounded groups (docs/security.md, "Limits"):
 * <ul>
 * <li><b>pending</b>: HTTP connections that are not WebSockets. Each must send a whole request
 * within {@code limits.requestTimeout} (and may stay idle that long between requests), or it is
 * closed (slowloris). Beyond {@code limits.pendingConnections} the oldest is closed to make room,
 * so a flood of half-sent requests cannot keep {@code /health} or a kiosk's handshake out.</li>
 * <li><b>WebSockets</b>: at most {@code limits.connections}; an upgrade beyond that gets {@code 503},
 * unless a connection without a token can be closed to make room.</li>
 * <li><b>anonymous</b>: WebSockets that have not said {@code hello} with a configured token (yet).
 * At most {@code limits.anonymousConnections}; beyond that the oldest is closed ({@code 1008}),
 * so tokenless connections can never hold the slots of the configured kiosks and consoles.</li>
 * </ul>
 * Thread-safe.
 */
final class Connections {
    private static final Logger log = LoggerFactory.getLogger(Connections.class);

    private final LimitsConfig limits;
    private final DaemonMetrics metrics;
    private final LogLimiter logLimiter;
    private final Map<Channel, ScheduledFuture<?>> pending = new LinkedHashMap<>();
    private final Set<Channel> webSockets = new HashSet<>();
    private final Set<Channel> anonymous = new LinkedHashSet<>();

    Connections(LimitsConfig limits, DaemonMetrics metrics, LogLimiter logLimiter) {
        this.limits = limits;
        this.metrics = metrics;
        this.logLimiter = logLimiter;
    }

    /** A new TCP connection: pending until it upgrades. */
    void accepted(Channel channel) {
        Channel evicted = null;
        synchronized (this) {
            pending.put(channel, deadline(channel));
            if (pending.size() > limits.pendingConnections()) {
                evicted = pending.keySet().iterator().next();
                pending.remove(evicted).cancel(false);
            }
        }
        channel.closeFuture().addListener(f -> removed(channel));
        if (evicted != null) {
            Channel oldest = evicted;
            metrics.connectionRefused("pending_evicted");
            logLimiter.admit("pending_evicted").ifPresent(more -> log.warn("{} HTTP connections without a whole request"
                    + " (limits.pendingConnections); closed the oldest, from {}{}", limits.pendingConnections(),
                    oldest.remoteAddress(), more));
            oldest.close();
        }
    }

    /** A whole request was read: the connection has another {@code requestTimeout} for the next one. */
    synchronized void requestRead(Channel channel) {
        ScheduledFuture<?> old = pending.get(channel);
        if (old != null) {
            old.cancel(false);
            pending.put(channel, deadline(channel));
        }
    }

    private ScheduledFuture<?> deadline(Channel channel) {
        return channel.eventLoop().schedule(() -> {
            boolean late;
            synchronized (this) {
                late = pending.remove(channel) != null;
            }
            if (late && channel.isActive()) {
                metrics.connectionRefused("request_timeout");
                logLimiter.admit("request_timeout").ifPresent(more -> log.info("{}: no whole HTTP request within {} ms;"
                        + " closed{}", channel.remoteAddress(), limits.requestTimeout().toMillis(), more));
                channel.close();
            }
        }, limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * May one more WebSocket be opened? When all {@code limits.connections} are taken, the oldest
     * connection without a token is closed to make room; if there is none, the answer is no (503).
     */
    boolean admitWebSocket() {
        Channel evicted;
        synchronized (this) {
            if (webSockets.size() < limits.connections()) {
                return true;
            }
            evicted = oldestAnonymous(null);
            if (evicted == null) {
                return false;
            }
        }
        evict(evicted);
        return true;
    }

    /** The handshake is done: no longer pending; a WebSocket without a token until it authenticates. */
    void upgraded(Channel channel) {
        Channel evicted = null;
        synchronized (this) {
            ScheduledFuture<?> deadline = pending.remove(channel);
            if (deadline != null) {
                deadline.cancel(false);
            }
            webSockets.add(channel);
            anonymous.add(channel);
            if (anonymous.size() > limits.anonymousConnections()) {
                evicted = oldestAnonymous(channel);
            }
        }
        if (evicted != null) {
            evict(evicted);
        }
    }

    /** The connection said {@code hello} with a configured token. */
    synchronized void authenticated(Channel channel) {
        anonymous.remove(channel);
    }

    synchronized int webSockets() {
        return webSockets.size();
    }

    private synchronized void removed(Channel channel) {
        ScheduledFuture<?> deadline = pending.remove(channel);
        if (deadline != null) {
            deadline.cancel(false);
        }
        webSockets.remove(channel);
        anonymous.remove(channel);
    }

    /** Takes the oldest tokenless WebSocket (but {@code except}) out of every count: it is being closed. */
    private Channel oldestAnonymous(Channel except) {
        for (Iterator<Channel> it = anonymous.iterator(); it.hasNext(); ) {
            Channel c = it.next();
            if (c != except) {
                it.remove();
                webSockets.remove(c);
                return c;
            }
        }
        return null;
    }

    private void evict(Channel channel) {
        metrics.connectionRefused("anonymous_evicted");
        logLimiter.admit("anonymous_evicted").ifPresent(more -> log.warn("{} WebSockets without a token"
                + " (limits.anonymousConnections); closed the oldest, from {}{}", limits.anonymousConnections(),
                channel.remoteAddress(), more));
        // Closed at once, without the graceful linger: its slot is needed now, and a flood of such
        // connections must not pile up sockets that are saying goodbye.
        WebSocketFrameHandler.closeNow(channel, ClientConnection.CLOSE_POLICY, "too many connections without a token");
    }
}
