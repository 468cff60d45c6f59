package org.madoguchi.daemon.readers;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import org.madoguchi.daemon.audit.AuditTrail;
import org.madoguchi.daemon.config.ReaderFilter;
import org.madoguchi.daemon.metrics.DaemonMetrics;
import org.madoguchi.daemon.protocol.MessageCodec;
import org.madoguchi.daemon.session.SessionPolicy;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pki.CertificateVerifier;

/**
 * What the {@link ReaderHub} is built from.
 *
 * @param backend     where readers and cards are seen
 * @param filter      which readers to use ({@code readers} in the configuration)
 * @param policy      the fallback policy ({@code face.*})
 * @param stepTimeout how long one card step may take ({@code stepTimeout})
 * @param verifier    checks auth certificates against the trust anchors
 * @param face        the face engine, when there is one (only in {@code --simulate} today)
 * @param hook        called around each step (tests, benchmark); {@link StepHook#NONE} in production
 * @param audit       where finished sessions are recorded before their result goes out
 */
public record HubParts(ReaderBackend backend, ReaderFilter filter, SessionPolicy policy, Duration stepTimeout,
        CertificateVerifier verifier, Optional<FaceEngine> face, DaemonMetrics metrics, MessageCodec codec,
        Clock clock, StepHook hook, AuditTrail audit) {

    public HubParts {
        Objects.requireNonNull(backend);
        Objects.requireNonNull(filter);
        Objects.requireNonNull(policy);
        Objects.requireNonNull(stepTimeout);
        Objects.requireNonNull(verifier);
        Objects.requireNonNull(face);
        Objects.requireNonNull(metrics);
        Objects.requireNonNull(codec);
        Objects.requireNonNull(clock);
        Objects.requireNonNull(hook);
        Objects.requireNonNull(audit);
    }

    CardWorker newWorker(String reader, CardWorker.Sink sink, ScheduledExecutorService timer) {
        return new CardWorker(reader,
                () -> new CardSteps(reader, backend, CardLayout.RSA_2016, verifier, face, metrics, clock),
                stepTimeout, timer, hook, metrics, clock, sink);
    }
}
