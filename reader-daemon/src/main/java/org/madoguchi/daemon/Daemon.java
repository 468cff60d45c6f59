package org.madoguchi.daemon;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.madoguchi.daemon.metrics.DaemonMetrics;
import org.madoguchi.daemon.protocol.MessageCodec;
import org.madoguchi.daemon.readers.Backends;
import org.madoguchi.daemon.readers.FaceEngine;
import org.madoguchi.daemon.readers.HubParts;
import org.madoguchi.daemon.readers.OpenedBackend;
import org.madoguchi.daemon.readers.ReaderHub;
import org.madoguchi.daemon.readers.SimulatorControl;
import org.madoguchi.daemon.readers.TrustAnchors;
import org.madoguchi.daemon.session.SessionPolicy;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.pki.CertificateVerifier;
import org.madoguchi.daemon.web.HttpServer;
import org.madoguchi.daemon.web.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running daemon: reader back-end, reader hub, and the HTTP/WebSocket server. Start with
 * {@link #start}; {@link #close} stops the parts in reverse order (server, simulator control, hub,
 * back-end) and may be called from any thread, more than once.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    /** How long start-up waits for the readers present at start to be attached and identified. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final OpenedBackend backend;
    private final ReaderHub hub;
    private final Optional<SimulatorControl> simulator;
    private final HttpServer server;
    private final String baseUrl;
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean closing;

    private Daemon(OpenedBackend backend, ReaderHub hub, Optional<SimulatorControl> simulator, HttpServer server,
            String host) {
        this.backend = backend;
        this.hub = hub;
        this.simulator = simulator;
        this.server = server;
        this.baseUrl = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.localAddress().getPort();
    }

    public static Daemon start(DaemonSettings settings) throws StartupException {
        long startedNanos = System.nanoTime();
        var config = settings.config();
        OpenedBackend backend = settings.simulate()
                ? Backends.simulated(settings.simulatedReaders())
                : Backends.open(config.backend());
        ReaderHub hub = null;
        Optional<SimulatorControl> simulator = Optional.empty();
        try {
            MessageCodec codec = new MessageCodec();
            DaemonMetrics metrics = new DaemonMetrics();
            CertificateVerifier verifier = TrustAnchors.load(config.trustAnchorPaths(), backend.simulation());
            Optional<FaceEngine> face = backend.simulation()
                    .map(s -> new FaceEngine(s.cardFaceReader(), s.faceMatcher()));
            SessionPolicy policy = new SessionPolicy(config.face().maxAttempts(), config.face().threshold(),
                    CardLayout.RSA_2016.authPinMaxTries());
            hub = new ReaderHub(new HubParts(settings.backendWrapper().apply(backend.backend()), config.readers(),
                    policy, config.stepTimeout(), verifier, face, metrics, codec, Clock.systemUTC(),
                    settings.hook()));
            hub.start();
            if (!hub.awaitSettled(SETTLE)) {
                log.info("readers not settled at start-up; continuing (they are reported as they come)");
            }
            ReaderHub readyHub = hub;
            simulator = backend.simulation().map(s -> new SimulatorControl(s, readyHub));
            ServerContext context = new ServerContext(hub, simulator, codec, metrics, DaemonVersion.current(),
                    startedNanos);
            HttpServer server = HttpServer.start(config.listen(), config.port(), context);
            Daemon daemon = new Daemon(backend, hub, simulator, server, config.listen());
            log.info("madoguchi {} started: backend {}, simulate {}, face {}, {}", DaemonVersion.current(),
                    hub.backendId(), settings.simulate(), face.isPresent() ? "available" : "not available",
                    daemon.baseUrl);
            return daemon;
        } catch (StartupException | RuntimeException e) {
            simulator.ifPresent(SimulatorControl::close);
            if (hub != null) {
                hub.close();
            }
            backend.close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            simulator.ifPresent(SimulatorControl::close);
            if (hub != null) {
                hub.close();
            }
            backend.close();
            throw new StartupException(StartupException.FAILURE, "起動が中断されました / Start-up interrupted", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, with the real port when started on port 0. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.localAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.localAddress();
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        log.info("shutting down");
        try {
            server.close();
            simulator.ifPresent(SimulatorControl::close);
            hub.close();
            backend.close();
        } catch (RuntimeException e) {
            log.warn("error while shutting down", e);
        } finally {
            closed.countDown();
            log.info("stopped");
        }
    }
}
