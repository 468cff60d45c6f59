package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.madoguchi.daemon.WsTestClient.object;
import static org.madoguchi.daemon.WsTestClient.reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.madoguchi.daemon.config.ClientConfig;
import org.madoguchi.daemon.config.ConsentConfig;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.security.SimulationClients;

/**
 * An in-process daemon on a free port and the WebSocket clients talking to it, for end-to-end
 * tests. Unless the settings say otherwise, the daemon knows the simulator's kiosk and staff tokens
 * (even outside --simulate) and writes its audit file into a fresh temporary directory. Closes
 * everything it started.
 *
 * <p><b>The audit trail is checked on every close.</b> The fixture opens one connection of its own
 * at start (hello without a token: role {@code observer}) that records every {@code result}. On
 * {@link #close} it waits a bounded moment for results and answers still in flight, then asserts
 * that the audit file holds exactly one line per session a result was sent for, and nothing else,
 * with the same reader, outcome, method, reason, time ({@code finishedAt}), staff, note and
 * certificate serial as the result, and with {@code clients} naming every configured client whose
 * session commands for that session were answered {@code reply} (as recorded by every
 * {@link WsTestClient} connected to this daemon; e.g. {@code sim-staff} for the staff clients this
 * fixture makes), once, and no name that is not a configured kiosk or staff client. (A test may
 * also talk over raw sockets the fixture cannot see, so on close a configured name more is not a
 * failure; {@link #assertAuditTrailMatchesResults(boolean)} with {@code true} asks for exactly the
 * names seen.) The check runs before anything is stopped; its failure is thrown after everything
 * is closed. Tests that make audit writes fail on purpose call {@link #withoutAuditCheck()}.
 *
 * <p>Every message of every {@link WsTestClient} of this daemon is checked against docs/schema
 * ({@link SchemaCheck}); {@link #close} fails with any violation not reported before.
 *
 * <p>Because of that observer, the daemon counts one client more than the test opened
 * ({@code /health clients}, {@code madoguchi_clients_connected}, {@code limits.connections}).
 */
final class DaemonFixture implements AutoCloseable {
    static final String R0 = "Simulated Reader 0";
    static final String R1 = "Simulated Reader 1";
    /** A stand-in live capture: the simulated matcher looks at no image. */
    static final String IMAGE = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    /** The name the fixture's own observer connection says hello with. */
    static final String OBSERVER = "fixture-audit-observer";
    /** The fixture observer's token (configured with role observer). */
    static final String OBSERVER_TOKEN = "fixture-audit-observer-token";
    /** How long close() waits for results, answers and audit lines still in flight to agree. */
    static final Duration SETTLE = Duration.ofSeconds(5);
    /** The fields an audit line may have (AuditRecord); anything else would be data it must not keep. */
    static final Set<String> AUDIT_FIELDS = Set.of("time", "reader", "session", "method", "outcome", "reason",
            "verify", "certificateSerial", "faceDistance", "staff", "note", "document", "consent", "clients");

    final Daemon daemon;
    /** The audit file of this daemon. */
    final Path auditFile;
    private final Path auditDir;
    private final boolean auditOn;
    private final List<ClientConfig> configuredClients;
    private final String baseUrl;
    private final WsTestClient observer;
    private final List<WsTestClient> clients = new ArrayList<>();
    private int ids;
    private boolean auditCheck = true;
    private Duration settle = SETTLE;
    private boolean closed;

    DaemonFixture(DaemonSettings settings) throws Exception {
        this(settings, false);
    }

    /**
     * @param keepConsent keep the configuration's consent step; without it the fixture turns consent
     *                    off, so that flow tests end in their {@code result} (consent has tests of its own)
     */
    DaemonFixture(DaemonSettings settings, boolean keepConsent) throws Exception {
        auditDir = Files.createTempDirectory("madoguchi-audit");
        DaemonConfig config = settings.config();
        if (!keepConsent) {
            config = config.withConsent(ConsentConfig.OFF);
        }
        if (config.auditFile() == null) {
            config = config.withAuditFile(auditDir.resolve("audit.jsonl").toString());
        }
        if (config.clients().isEmpty()) {
            config = config.withClients(SimulationClients.DEFAULT);
        }
        // The fixture's own observer has a token, like a clinic's monitoring would: it holds no slot
        // meant for tokenless connections (limits.anonymousConnections) and is never closed to make room.
        List<ClientConfig> withObserver = new ArrayList<>(config.clients());
        withObserver.add(new ClientConfig(OBSERVER, OBSERVER_TOKEN, "observer"));
        config = config.withClients(withObserver);
        configuredClients = config.clients();
        auditOn = config.auditPath(settings.simulate()).isPresent();
        auditFile = config.auditPath(settings.simulate()).orElse(auditDir.resolve("none"));
        try {
            daemon = Daemon.start(settings.withConfig(config));
        } catch (Exception | Error e) {
            deleteDirectory(auditDir);
            throw e;
        }
        baseUrl = daemon.baseUrl();
        try {
            observer = WsTestClient.connect(baseUrl);
            JsonNode welcome = observer.hello(OBSERVER, OBSERVER_TOKEN);
            assertEquals("observer", welcome.path("role").asText(), () -> "the fixture's observer: " + welcome);
        } catch (Exception | Error e) {
            daemon.close();
            WsTestClient.connectedTo(baseUrl).forEach(WsTestClient::close);
            WsTestClient.forget(baseUrl);
            deleteDirectory(auditDir);
            throw e;
        }
    }

    /**
     * Turns the audit check of {@link #close} off, for a test that makes audit writes fail on
     * purpose (the file then cannot match the results).
     */
    DaemonFixture withoutAuditCheck() {
        auditCheck = false;
        return this;
    }

    /** How long the audit check waits for things in flight before it fails ({@link #SETTLE} unless set). */
    DaemonFixture withSettle(Duration wait) {
        settle = wait;
        return this;
    }

    /** A client with the staff token. */
    WsTestClient client(String name) throws Exception {
        return client(name, SimulationClients.STAFF_TOKEN);
    }

    /** A client that says hello with this token (null: none). */
    WsTestClient client(String name, String token) throws Exception {
        WsTestClient c = WsTestClient.connect(daemon.baseUrl());
        clients.add(c);
        c.hello(name, token);
        return c;
    }

    /** The fixture's own observer connection (it has every event since the daemon started). */
    WsTestClient observer() {
        return observer;
    }

    /** The audit file's records, one JSON object per line; every line must parse. */
    List<JsonNode> auditLines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        if (Files.exists(auditFile)) {
            for (String line : Files.readAllLines(auditFile)) {
                lines.add(WsTestClient.JSON.readTree(line));
            }
        }
        return lines;
    }

    /** Sends a command with a fresh id; returns its answer ({@code reply} or {@code error}). */
    JsonNode command(WsTestClient c, ObjectNode message) throws Exception {
        String id = "c" + (++ids);
        c.send(message.put("id", id));
        return c.await(reply(id));
    }

    JsonNode command(WsTestClient c, String... fields) throws Exception {
        return command(c, object(fields));
    }

    /** A command that must succeed. */
    void ok(WsTestClient c, String... fields) throws Exception {
        JsonNode answer = command(c, fields);
        assertEquals("reply", answer.path("type").asText(), () -> "answer to " + List.of(fields) + ": " + answer);
    }

    void insert(WsTestClient c, String reader, String profile) throws Exception {
        ok(c, "type", "sim.insert", "reader", reader, "profile", profile);
    }

    void remove(WsTestClient c, String reader) throws Exception {
        ok(c, "type", "sim.remove", "reader", reader);
    }

    /** Places a card and waits for its session to be ready to choose; returns that session event. */
    JsonNode placeAndChoose(WsTestClient c, String reader, String profile) throws Exception {
        insert(c, reader, profile);
        return c.await(WsTestClient.sessionIn(reader, "choose_mode"));
    }

    JsonNode submitPin(WsTestClient c, String session, String pin) throws Exception {
        return command(c, object("type", "submitPin", "session", session, "pin", pin));
    }

    String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(daemon.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path);
        return r.body();
    }

    // ---- the audit check ----------------------------------------------------------------------

    /**
     * Waits (at most {@link #SETTLE}, or as set) until the audit file and the results the observer
     * received agree, and fails with every disagreement if they do not. Results are read before the file:
     * the daemon writes a line before it sends the result, so a result seen always has its line by
     * then, and only lines of results still on their way can be ahead.
     */
    void assertAuditTrailMatchesResults() throws InterruptedException {
        assertAuditTrailMatchesResults(false);
    }

    /**
     * @param exactClients every client of the test is a {@link WsTestClient}: {@code clients} must
     *                     name exactly the configured clients seen to take part, no more
     */
    void assertAuditTrailMatchesResults(boolean exactClients) throws InterruptedException {
        if (!auditOn) {
            return; // auditFile: off: there is nothing to compare
        }
        long deadline = System.nanoTime() + settle.toNanos();
        while (true) {
            List<String> problems = auditProblems(exactClients);
            if (problems.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the audit file " + auditFile + " does not match the results sent ("
                        + problems.size() + " problems):\n  " + String.join("\n  ", problems));
            }
            Thread.sleep(25);
        }
    }

    private List<String> auditProblems(boolean exactClients) {
        List<String> problems = new ArrayList<>();
        // 1. What was sent: the observer's results (and whether it saw everything until now).
        boolean observerLive = !observer.ended();
        Map<String, JsonNode> results = new LinkedHashMap<>();
        for (JsonNode m : observer.received()) {
            if (WsTestClient.type("result").test(m)) {
                String session = m.path("session").asText();
                if (results.put(session, m) != null) {
                    problems.add("session " + session + ": more than one result was sent");
                }
            }
        }
        // 2. Who took part: every accepted session command of every client of this daemon.
        Map<String, Set<String>> participants = new HashMap<>();
        for (WsTestClient c : WsTestClient.connectedTo(baseUrl)) {
            for (String session : c.acceptedSessions()) {
                participants.computeIfAbsent(session, s -> new TreeSet<>()).add(configuredName(c));
            }
        }
        // 3. What was written, read last.
        Map<String, JsonNode> lines = new LinkedHashMap<>();
        List<String> raw;
        try {
            raw = Files.exists(auditFile) ? Files.readAllLines(auditFile, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit file " + auditFile, e);
        }
        for (String line : raw) {
            JsonNode record;
            try {
                record = WsTestClient.JSON.readTree(line);
            } catch (IOException e) {
                problems.add("an audit line is not JSON: " + line);
                continue;
            }
            String session = record.path("session").asText("");
            if (session.isEmpty()) {
                problems.add("an audit line names no session: " + line);
            } else if (lines.put(session, record) != null) {
                problems.add("session " + session + ": more than one audit line");
            }
        }
        for (String session : results.keySet()) {
            if (!lines.containsKey(session)) {
                problems.add("session " + session + ": a result was sent but there is no audit line: "
                        + results.get(session));
            }
        }
        for (Map.Entry<String, JsonNode> e : lines.entrySet()) {
            JsonNode result = results.get(e.getKey());
            if (result != null) {
                Set<String> seen = participants.getOrDefault(e.getKey(), Set.of());
                // Without exactClients, names of raw-socket clients may be there too, if configured ones.
                problems.addAll(mismatches(e.getValue(), result, seen, exactClients ? seen : staffAndKioskNames()));
            } else if (observerLive) {
                // With the observer connected all along, every line must be a result it got.
                problems.add("session " + e.getKey() + ": an audit line but no result (yet): " + e.getValue());
            }
        }
        return problems;
    }

    /**
     * Where an audit line says something else than its result, or names other clients than took
     * part ({@code expectedClients}: configured names). Empty when the line is right.
     */
    static List<String> mismatches(JsonNode line, JsonNode result, Set<String> expectedClients) {
        return mismatches(line, result, expectedClients, expectedClients);
    }

    /**
     * As {@link #mismatches(JsonNode, JsonNode, Set)}, with {@code clients} required to name at
     * least {@code seenClients} and nothing outside {@code allowedClients}.
     */
    static List<String> mismatches(JsonNode line, JsonNode result, Set<String> seenClients,
            Set<String> allowedClients) {
        List<String> problems = new ArrayList<>();
        String session = result.path("session").asText();
        Iterator<String> names = line.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!AUDIT_FIELDS.contains(name)) {
                problems.add("session " + session + ": audit field '" + name + "' is not an AuditRecord field");
            }
        }
        compare(problems, session, "reader", line.get("reader"), result.get("reader"));
        compare(problems, session, "outcome", line.get("outcome"), result.get("outcome"));
        compare(problems, session, "method", line.get("method"), result.get("method"));
        compare(problems, session, "reason", line.get("reason"), result.get("reason"));
        compare(problems, session, "time (finishedAt)", line.get("time"), result.get("finishedAt"));
        compare(problems, session, "staff", line.get("staff"), result.get("staff"));
        compare(problems, session, "note", line.get("note"), result.get("note"));
        compare(problems, session, "document", line.get("document"), result.get("document"));
        compare(problems, session, "consent", line.get("consent"), result.get("consent"));
        compare(problems, session, "verify (notice card_error)", line.get("verify"),
                "card_error".equals(result.path("notice").asText()) ? WsTestClient.JSON.getNodeFactory().textNode("unknown")
                        : null);
        compare(problems, session, "certificateSerial", line.get("certificateSerial"),
                result.path("certificate").get("serialNumber"));
        compare(problems, session, "faceDistance", line.get("faceDistance"), result.path("face").get("distance"));
        JsonNode clients = line.get("clients");
        if (clients == null || !clients.isArray()) {
            problems.add("session " + session + ": audit 'clients' is not a list: " + line);
            return problems;
        }
        List<String> named = new ArrayList<>();
        clients.forEach(c -> named.add(c.asText()));
        if (new LinkedHashSet<>(named).size() != named.size()) {
            problems.add("session " + session + ": audit 'clients' names a client twice: " + named);
        }
        if (!named.containsAll(seenClients) || !allowedClients.containsAll(named)) {
            problems.add("session " + session + ": audit 'clients' " + named + " but the commands answered 'reply'"
                    + " came from " + seenClients
                    + (allowedClients.equals(seenClients) ? "" : " (and could from " + allowedClients + ")"));
        }
        return problems;
    }

    private static void compare(List<String> problems, String session, String what, JsonNode audit, JsonNode result) {
        String a = audit == null || audit.isNull() ? null : audit.isContainerNode() ? audit.toString() : audit.asText();
        String r = result == null || result.isNull() ? null
                : result.isContainerNode() ? result.toString() : result.asText();
        if (!Objects.equals(a, r)) {
            problems.add("session " + session + ": audit " + what + " is " + a + " but the result says " + r);
        }
    }

    /** The configured clients whose role can send session commands. */
    private Set<String> staffAndKioskNames() {
        Set<String> names = new TreeSet<>();
        configuredClients.stream().filter(c -> !c.role().equals("observer")).forEach(c -> names.add(c.name()));
        return names;
    }

    /** The configured name a client's token stands for (what the daemon writes in 'clients'). */
    private String configuredName(WsTestClient c) {
        Optional<String> token = c.token();
        return configuredClients.stream()
                .filter(cc -> token.isPresent() && cc.token().equals(token.get()))
                .map(ClientConfig::name)
                .findFirst()
                .orElse("<unauthenticated " + c.role() + " client>");
    }

    // ---- closing ------------------------------------------------------------------------------

    /**
     * Checks the audit trail (unless turned off), then closes the clients, the observer and the
     * daemon and deletes the temporary directory, whatever the check found; a failed check is
     * thrown afterwards.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Throwable failure = null;
        if (auditCheck) {
            try {
                assertAuditTrailMatchesResults();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }
        for (WsTestClient c : clients) {
            failure = quietly(failure, c::close);
        }
        failure = quietly(failure, observer::close);
        // Clients a test connected by itself too: what they received must match docs/schema.
        for (WsTestClient c : WsTestClient.connectedTo(baseUrl)) {
            failure = quietly(failure, c::assertSchemas);
        }
        failure = quietly(failure, daemon::close);
        WsTestClient.forget(baseUrl);
        failure = quietly(failure, () -> deleteDirectory(auditDir));
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException("closing the daemon fixture", failure);
        }
    }

    private static Throwable quietly(Throwable failure, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }

    private static void deleteDirectory(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; nothing to do
        }
    }
}
