package org.madoguchi.daemon.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The daemon's configuration (docs/operations.md, "Configuration file"). Every key has a default, so an empty file
 * (or no file) is a valid configuration. Validation happens here, in the canonical constructor, so
 * a value built in code is checked exactly like one read from YAML.
 *
 * @param listen         the address to bind; {@code 127.0.0.1} unless there is a reason
 * @param port           the TCP port; 0 picks any free port
 * @param allowedOrigins browser origins allowed to connect (besides the daemon's own); no {@code *}
 * @param clients        named clients with their token and role; a client without a known token is an observer
 * @param backend        which PC/SC back-end to use outside simulate mode
 * @param readers        which reader names to use or ignore
 * @param face           face-verification settings: attempts and threshold
 * @param trustAnchors   PEM files with the JPKI 利用者証明用 root certificates; empty: chains unchecked
 * @param auditFile      the append-only JSON-lines audit file; {@code null}: the default place
 *                       ({@link AuditFiles}); {@code off}: no audit file (a warning at start)
 * @param stepTimeout    how long one card step (read, VERIFY + sign, face match) may take
 * @param limits         message rate and connection limits per front-end
 * @param consent        the consent step after a verification (items asked, timeout)
 */
public record DaemonConfig(
        String listen,
        int port,
        List<String> allowedOrigins,
        List<ClientConfig> clients,
        BackendKind backend,
        ReaderFilter readers,
        FaceConfig face,
        List<String> trustAnchors,
        String auditFile,
        Duration stepTimeout,
        LimitsConfig limits,
        ConsentConfig consent) {

    public static final String DEFAULT_LISTEN = "127.0.0.1";
    public static final int DEFAULT_PORT = 43117;
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(10);

    /** Built by Jackson: any key left out (or set to null) takes its default. */
    @JsonCreator
    static DaemonConfig fromYaml(
            @JsonProperty("listen") String listen,
            @JsonProperty("port") Integer port,
            @JsonProperty("allowedOrigins") List<String> allowedOrigins,
            @JsonProperty("clients") List<ClientConfig> clients,
            @JsonProperty("backend") String backend,
            @JsonProperty("readers") ReaderFilter readers,
            @JsonProperty("face") FaceConfig face,
            @JsonProperty("trustAnchors") List<String> trustAnchors,
            @JsonProperty("auditFile") String auditFile,
            @JsonProperty("stepTimeout") String stepTimeout,
            @JsonProperty("limits") LimitsConfig limits,
            @JsonProperty("consent") ConsentConfig consent) {
        return new DaemonConfig(
                listen == null ? DEFAULT_LISTEN : listen,
                port == null ? DEFAULT_PORT : port,
                allowedOrigins,
                clients,
                backend == null ? BackendKind.JNA : BackendKind.fromName(backend),
                readers,
                face,
                trustAnchors,
                auditFile,
                stepTimeout == null ? DEFAULT_STEP_TIMEOUT : Durations.parse("stepTimeout", stepTimeout),
                limits,
                consent);
    }

    public DaemonConfig {
        Objects.requireNonNull(listen, "listen");
        if (listen.isBlank()) {
            throw new IllegalArgumentException("listen が空です / listen is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "port は 0〜65535 で指定してください / port must be between 0 and 65535: " + port);
        }
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        clients = clients == null ? List.of() : List.copyOf(clients);
        backend = backend == null ? BackendKind.JNA : backend;
        readers = readers == null ? ReaderFilter.ALL : readers;
        face = face == null ? FaceConfig.DEFAULT : face;
        trustAnchors = trustAnchors == null ? List.of() : List.copyOf(trustAnchors);
        stepTimeout = stepTimeout == null ? DEFAULT_STEP_TIMEOUT : stepTimeout;
        limits = limits == null ? LimitsConfig.DEFAULT : limits;
        consent = consent == null ? ConsentConfig.DEFAULT : consent;
        allowedOrigins = allowedOrigins.stream().map(Origins::canonical).toList();
        if (stepTimeout.compareTo(Duration.ofMillis(100)) < 0 || stepTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("stepTimeout は 100ms〜5m で指定してください"
                    + " / stepTimeout must be between 100ms and 5m: " + stepTimeout.toMillis() + "ms");
        }
        if (auditFile != null && auditFile.isBlank()) {
            auditFile = null;
        }
        AuditFiles.checkSetting(auditFile);
        long distinctTokens = clients.stream().map(ClientConfig::token).distinct().count();
        if (distinctTokens != clients.size()) {
            throw new IllegalArgumentException("clients の token が重複しています。クライアントごとに別のトークンを使ってください"
                    + " / Two clients share a token; give each client its own");
        }
        long distinctNames = clients.stream().map(ClientConfig::name).distinct().count();
        if (distinctNames != clients.size()) {
            throw new IllegalArgumentException(
                    "clients の name が重複しています / Duplicate client name in clients");
        }
    }

    /** The configuration with every key at its default. */
    public static DaemonConfig defaults() {
        return fromYaml(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public DaemonConfig withPort(int newPort) {
        return new DaemonConfig(listen, newPort, allowedOrigins, clients, backend, readers, face, trustAnchors,
                auditFile, stepTimeout, limits, consent);
    }

    public DaemonConfig withBackend(BackendKind newBackend) {
        return new DaemonConfig(listen, port, allowedOrigins, clients, newBackend, readers, face, trustAnchors,
                auditFile, stepTimeout, limits, consent);
    }

    public DaemonConfig withReaders(ReaderFilter newReaders) {
        return new DaemonConfig(listen, port, allowedOrigins, clients, backend, newReaders, face, trustAnchors,
                auditFile, stepTimeout, limits, consent);
    }

    public DaemonConfig withFace(FaceConfig newFace) {
        return new DaemonConfig(listen, port, allowedOrigins, clients, backend, readers, newFace, trustAnchors,
                auditFile, stepTimeout, limits, consent);
    }

    public DaemonConfig withTrustAnchors(List<String> newTrustAnchors) {
        return new DaemonConfig(listen, port, allowedOrigins, clients, backend, readers, face, newTrustAnchors,
                auditFile, stepTimeout, limits, consent);
    }

    public DaemonConfig withStepTimeout(Duration newStepTimeout) {
        return new DaemonConfig(listen, port, allowedOrigins, clients, backend, readers, face, trustAnchors,
                auditFile, newStepTimeout, limits, consent);
    }

    public DaemonConfig withAuditFile(String newAuditFile) {
        return new DaemonConfig(listen, port, allowedOrigins, clients, backend, readers, face, trustAnchors,
                newAuditFile, stepTimeout, limits, consent);
    }

    public DaemonConfig withClients(List<ClientConfig> newClients) {
        return new DaemonConfig(listen, port, allowedOrigins, newClients, backend, readers, face, trustAnchors,
                auditFile, stepTimeout, limits, consent);
    }

    public DaemonConfig withAllowedOrigins(List<String> newAllowedOrigins) {
        return new DaemonConfig(listen, port, newAllowedOrigins, clients, backend, readers, face, trustAnchors,
                auditFile, stepTimeout, limits, consent);
    }

    public DaemonConfig withListen(String newListen) {
        return new DaemonConfig(newListen, port, allowedOrigins, clients, backend, readers, face, trustAnchors,
                auditFile, stepTimeout, limits, consent);
    }

    public DaemonConfig withLimits(LimitsConfig newLimits) {
        return new DaemonConfig(listen, port, allowedOrigins, clients, backend, readers, face, trustAnchors,
                auditFile, stepTimeout, newLimits, consent);
    }

    public DaemonConfig withConsent(ConsentConfig newConsent) {
        return new DaemonConfig(listen, port, allowedOrigins, clients, backend, readers, face, trustAnchors,
                auditFile, stepTimeout, limits, newConsent);
    }

    public List<Path> trustAnchorPaths() {
        return trustAnchors.stream().map(Path::of).toList();
    }

    /** Where the audit file is: the configured path, the default place when none is set, empty when {@code off}. */
    public Optional<Path> auditPath(boolean simulate) {
        if (auditFile == null) {
            return Optional.of(AuditFiles.defaultPath(simulate));
        }
        return auditFile.equalsIgnoreCase(AuditFiles.OFF) ? Optional.empty() : Optional.of(Path.of(auditFile));
    }
}
