package org.madoguchi.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.madoguchi.daemon.audit.AuditLog;
import org.madoguchi.daemon.audit.AuditWriter;
import org.madoguchi.daemon.audit.AuditTrail;
import org.madoguchi.daemon.config.ClientConfig;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.metrics.DaemonMetrics;
import org.madoguchi.daemon.security.AccessPolicy;
import org.madoguchi.daemon.security.ClientCredentials;
import org.madoguchi.daemon.security.SimulationClients;
import org.madoguchi.daemon.protocol.MessageCodec;
import org.madoguchi.daemon.readers.Backends;
import org.madoguchi.daemon.readers.FaceEngine;
import org.madoguchi.daemon.readers.FaceEngines;
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
    /** The audit file is rotated before it grows past this size… */
    static final long AUDIT_MAX_BYTES = 10L * 1024 * 1024;
    /** …and this many rotated files are kept ({@code audit.jsonl.1} … {@code .10}). */
    static final int AUDIT_KEEP = 10;

    private final OpenedBackend backend;
    private final Optional<AuditWriter> auditLog;
    private final ReaderHub hub;
    private final Optional<SimulatorControl> simulator;
    private final HttpServer server;
    private final FaceEngines faceEngines;
    private final String baseUrl;
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean closing;

    private Daemon(OpenedBackend backend, Optional<AuditWriter> auditLog, ReaderHub hub,
            Optional<SimulatorControl> simulator, HttpServer server, String host, FaceEngines faceEngines) {
        this.faceEngines = faceEngines;
        this.backend = backend;
        this.auditLog = auditLog;
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
        Optional<AuditWriter> auditLog = Optional.empty();
        FaceEngines faceEngines = null;
        try {
            warnIfNotLoopback(config.listen());
            AccessPolicy access = accessPolicy(config, settings.simulate());
            auditLog = openAudit(config, settings.simulate());
            AuditTrail audit = settings.auditWrapper().apply(auditLog.<AuditTrail>map(a -> a).orElse(AuditTrail.OFF));
            MessageCodec codec = new MessageCodec();
            DaemonMetrics metrics = new DaemonMetrics();
            CertificateVerifier verifier = TrustAnchors.load(config.trustAnchorPaths(), backend.simulation());
            try {
                faceEngines = FaceEngines.choose(config.face(), backend.simulation(), settings.faceModels());
            } catch (IllegalArgumentException e) {
                throw new StartupException(StartupException.USAGE, e.getMessage(), e);
            }
            Optional<FaceEngine> face = faceEngines.face();
            SessionPolicy policy = new SessionPolicy(config.face().maxAttempts(), config.face().threshold(),
                    CardLayout.RSA_2016.authPinMaxTries(), config.consent().items(), config.consent().timeout(),
                    config.face().liveness(), config.face().cardLift());
            hub = new ReaderHub(new HubParts(settings.backendWrapper().apply(backend.backend()), config.readers(),
                    policy, config.stepTimeout(), verifier, face, metrics, codec, Clock.systemUTC(),
                    settings.hook(), audit));
            hub.start();
            if (!hub.awaitSettled(SETTLE)) {
                log.info("readers not settled at start-up; continuing (they are reported as they come)");
            }
            ReaderHub readyHub = hub;
            simulator = backend.simulation().map(s -> new SimulatorControl(s, readyHub));
            FaceEngines engines = faceEngines;
            ServerContext context = new ServerContext(hub, simulator, codec, metrics, DaemonVersion.current(),
                    startedNanos, access, audit, engines::status, engines::cardCodeStatus);
            HttpServer server = HttpServer.start(config.listen(), config.port(), context);
            Daemon daemon = new Daemon(backend, auditLog, hub, simulator, server, config.listen(), faceEngines);
            log.info("madoguchi {} started: backend {}, simulate {}, face {}, {}", DaemonVersion.current(),
                    hub.backendId(), settings.simulate(), face.map(f -> f.name() + (f.camera() ? ", 照合番号B from the card front (camera) or typed"
                    : f.typedCode() ? ", 照合番号B typed" : ", 照合番号B from the simulated OCR")).orElse("not available"),
                    daemon.baseUrl);
            faceEngines.startLoading(); // after the daemon listens: ready does not wait for, or share CPU with, it
            return daemon;
        } catch (StartupException | RuntimeException e) {
            abandon(simulator, hub, auditLog, backend, faceEngines);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(simulator, hub, auditLog, backend, faceEngines);
            throw new StartupException(StartupException.FAILURE, "起動が中断されました / Start-up interrupted", e);
        }
    }

    private static void abandon(Optional<SimulatorControl> simulator, ReaderHub hub, Optional<AuditWriter> auditLog,
            OpenedBackend backend, FaceEngines faceEngines) {
        simulator.ifPresent(SimulatorControl::close);
        if (hub != null) {
            hub.close();
        }
        if (faceEngines != null) {
            faceEngines.close();
        }
        auditLog.ifPresent(Daemon::closeAudit);
        backend.close();
    }

    /** Anything but loopback lets other machines on the clinic's network reach the daemon. */
    private static void warnIfNotLoopback(String listen) throws StartupException {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(listen).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new StartupException(StartupException.USAGE, "listen のアドレスが分かりません / Unknown listen address: "
                    + listen, e);
        }
        if (!loopback) {
            log.warn("!!! listen {} はループバックではありません。院内ネットワークの他の機器からこのデーモンに接続できます。"
                    + "トークンと allowedOrigins を必ず設定してください(docs/security.md) !!!", listen);
            log.warn("!!! listen {} is not a loopback address: other machines on the network can reach this daemon."
                    + " Configure tokens and allowedOrigins (docs/security.md) !!!", listen);
        }
    }

    /** Tokens from the configuration; in --simulate without any, the public simulator tokens. */
    private static AccessPolicy accessPolicy(DaemonConfig config, boolean simulate) {
        List<ClientConfig> clients = config.clients();
        if (clients.isEmpty() && simulate) {
            clients = SimulationClients.DEFAULT;
            log.info("--simulate: no clients configured; the simulator tokens are in use (kiosk: {}, staff: {})",
                    SimulationClients.KIOSK_TOKEN, SimulationClients.STAFF_TOKEN);
        } else if (clients.isEmpty()) {
            log.warn("clients が設定されていません。すべてのフロントエンドは observer(閲覧のみ)です"
                    + " / No clients configured: every front-end is an observer (docs/security.md)");
        }
        return new AccessPolicy(ClientCredentials.of(clients), config.allowedOrigins(), config.limits());
    }

    private static Optional<AuditWriter> openAudit(DaemonConfig config, boolean simulate) throws StartupException {
        Optional<Path> path = config.auditPath(simulate);
        if (path.isEmpty()) {
            log.warn("監査ファイルは無効です(auditFile: off) / The audit file is off (auditFile: off)");
            return Optional.empty();
        }
        try {
            AuditLog audit = new AuditLog(path.get(), AUDIT_MAX_BYTES, AUDIT_KEEP);
            log.info("audit file: {}", audit.file());
            return Optional.of(new AuditWriter(audit));
        } catch (IOException | RuntimeException e) {
            throw new StartupException(StartupException.FAILURE, "監査ファイルを開けません / Cannot open the audit file "
                    + path.get() + ": " + e.getMessage(), e);
        }
    }

    private static void closeAudit(AuditWriter audit) {
        audit.close();
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
            faceEngines.close();
            auditLog.ifPresent(Daemon::closeAudit);
            backend.close();
        } catch (RuntimeException e) {
            log.warn("error while shutting down", e);
        } finally {
            closed.countDown();
            log.info("stopped");
        }
    }
}
