package org.madoguchi.simulator.vpcd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.madoguchi.simulator.card.VirtualCard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a {@link VirtualCard} to the vpcd reader driver inside pcscd (vsmartcard's "vicc" role),
 * so that the card appears in the real PC/SC stack as {@code Virtual PCD 00 <slot>} (docs/simulator.md,
 * "pcscd with the vpcd card in CI").
 *
 * <p>A TCP connection to vpcd (port {@code 35963 + slot}) is a card insertion; closing it is the
 * removal. While a card is inserted a worker thread keeps the connection: it retries until the
 * port listens, and reconnects if the connection drops without being asked to (pcscd restarted).
 * Frames are a 2-byte big-endian length and a payload; 1-byte payloads are control messages
 * (power off {@code 00}, power on {@code 01}, reset {@code 02}, get ATR {@code 04}), the rest are
 * APDUs. Each reply is written in one write, and TCP_QUICKACK is re-armed before every blocking
 * read, which avoids the 40 ms delayed-ACK stall of vpcd 0.8 (docs/simulator.md, pcscd in CI, pitfall 1).
 *
 * <p>An injected link drop ({@link org.madoguchi.simulator.card.LinkDroppedException}) closes the
 * connection without an answer: the card has left the reader, and comes back only if
 * {@link #reinsertAfterDrop} says so.
 *
 * <p>Logs connection state, and APDU headers with status words at debug level; never APDU data.
 */
public final class VpcdCard implements AutoCloseable {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 35963;

    private static final Logger log = LoggerFactory.getLogger(VpcdCard.class);
    private static final long RETRY_MILLIS = 200;
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;

    private final String host;
    private final int port;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Thread worker;
    private boolean running;
    private VirtualCard card;
    /** Counts inserts and removals; a connection serves one insertion. */
    private long insertion;
    private Socket socket;
    private boolean connected;
    private Duration reinsertAfterDrop = Duration.ZERO;

    public VpcdCard(String host, int port) {
        this.host = Objects.requireNonNull(host);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
    }

    /** The card for {@code Virtual PCD 00 <slot>} on this machine, at the default port. */
    public static VpcdCard forSlot(int slot) {
        return new VpcdCard(DEFAULT_HOST, DEFAULT_PORT + slot);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /**
     * After an injected link drop the card is out (the socket closed); with a positive delay it is put
     * back after that delay, as a patient would place it again. Zero (the default): it stays out.
     */
    public void reinsertAfterDrop(Duration delay) {
        lock.lock();
        try {
            reinsertAfterDrop = delay.isNegative() ? Duration.ZERO : delay;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a card is inserted (connected to vpcd or trying to). */
    public boolean inserted() {
        lock.lock();
        try {
            return card != null;
        } finally {
            lock.unlock();
        }
    }

    /** Starts the worker thread; a card inserted before or after is then played. */
    public void start() {
        lock.lock();
        try {
            if (worker != null) {
                throw new IllegalStateException("already started");
            }
            running = true;
            worker = new Thread(this::run, "vpcd-" + port);
            worker.setDaemon(true);
            worker.start();
        } finally {
            lock.unlock();
        }
    }

    /** Inserts a card (replacing any card already inserted: that one is removed first). */
    public void insert(VirtualCard newCard) {
        replaceCard(Objects.requireNonNull(newCard));
    }

    /** Removes the card: the connection to vpcd is closed and not re-established. */
    public void remove() {
        replaceCard(null);
    }

    /** Closes the current card's connection and puts {@code next} (or nothing) in its place. */
    private void replaceCard(VirtualCard next) {
        Socket old;
        lock.lock();
        try {
            old = socket;
            socket = null;
            connected = false;
            card = next;
            insertion++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        closeQuietly(old);
    }

    /** Whether a card is inserted and its connection to vpcd is up. */
    public boolean connected() {
        lock.lock();
        try {
            return connected;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the inserted card's connection is up; false on timeout. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!connected) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Removes the card and stops the worker. */
    public void stop() {
        Thread t;
        Socket old;
        lock.lock();
        try {
            running = false;
            t = worker;
            old = socket;
            socket = null;
            connected = false;
            insertion++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        closeQuietly(old);
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    // ---- worker ------------------------------------------------------------------------------

    private void run() {
        while (true) {
            VirtualCard current;
            long gen;
            lock.lock();
            try {
                while (running && card == null) {
                    changed.awaitUninterruptibly();
                }
                if (!running) {
                    return;
                }
                current = card;
                gen = insertion;
            } finally {
                lock.unlock();
            }
            Socket s = connect(gen);
            if (s == null) {
                continue;
            }
            String end = VpcdSession.serve(s, current);
            boolean dropped = end == null;
            current.powerOff();
            closeQuietly(s);
            boolean stillInserted;
            long afterDrop = -1;
            Duration delay;
            lock.lock();
            try {
                if (dropped && running && insertion == gen) {
                    card = null; // the card left the field by itself
                    insertion++;
                    afterDrop = insertion;
                }
                stillInserted = running && insertion == gen;
                delay = reinsertAfterDrop;
                if (socket == s) {
                    socket = null;
                    connected = false;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (dropped) {
                log.info("カードがリーダーから離れました (リンク断の注入) / the card left the reader (injected link drop)");
                if (afterDrop >= 0 && !delay.isZero()) {
                    reinsertLater(current, afterDrop, delay);
                }
            } else if (stillInserted) {
                log.warn("vpcd ({}:{}) との接続が切れました ({})。再接続します / connection to vpcd lost ({}); reconnecting",
                        host, port, end, end);
                pause(gen);
            } else {
                log.info("カードを取り出しました (vpcd {}:{}) / card removed", host, port);
            }
        }
    }

    /** Puts {@code c} back after {@code delay} unless something else was inserted or removed meanwhile. */
    private void reinsertLater(VirtualCard c, long gen, Duration delay) {
        long remaining = delay.toNanos();
        lock.lock();
        try {
            while (remaining > 0 && running && insertion == gen) {
                remaining = changed.awaitNanos(remaining);
            }
            if (running && insertion == gen && card == null) {
                card = c;
                insertion++;
                changed.signalAll();
                log.info("カードを再び置きました / the card was placed again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Connects for insertion {@code gen}, retrying until vpcd listens; null when no longer wanted. */
    private Socket connect(long gen) {
        boolean waiting = false;
        while (true) {
            if (!wanted(gen)) {
                return null;
            }
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                closeQuietly(s);
                if (!waiting) {
                    log.info("vpcd ({}:{}) の待ち受けを待っています / waiting for vpcd to listen ({})", host, port,
                            e.getMessage());
                    waiting = true;
                }
                pause(gen);
                continue;
            }
            lock.lock();
            try {
                if (!running || insertion != gen) {
                    closeQuietly(s);
                    return null;
                }
                socket = s;
                connected = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            log.info("vpcd ({}:{}) に接続しました: カード挿入 / connected to vpcd: card inserted", host, port);
            return s;
        }
    }

    private boolean wanted(long gen) {
        lock.lock();
        try {
            return running && insertion == gen;
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps between retries; returns early when the card is removed or the worker stops. */
    private void pause(long gen) {
        long remaining = TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
        lock.lock();
        try {
            while (remaining > 0 && running && insertion == gen) {
                remaining = changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // nothing to do: the socket is gone either way
            }
        }
    }

    @Override
    public String toString() {
        return "VpcdCard[" + host + ":" + port + (connected() ? ", connected" : "") + "]";
    }
}
