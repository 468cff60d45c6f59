package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.madoguchi.daemon.DaemonFixture.IMAGE;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.WsTestClient.object;
import static org.madoguchi.daemon.WsTestClient.readerEvent;
import static org.madoguchi.daemon.WsTestClient.reply;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.sessionState;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.LimitsConfig;
import org.madoguchi.daemon.security.SimulationClients;

/**
 * Every session command from every role (docs/protocol.md, "Roles"): a role that has the command gets it
 * done; any other gets {@code forbidden}, and the session is left exactly as it was, which the test
 * proves by having staff send the same command afterwards and seeing it work from the same state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixTest {
    /** The roles a client can end up with, and the token that gives each. */
    enum Caller {
        NO_TOKEN("observer", null),
        WRONG_TOKEN("observer", "a-token-nobody-was-given-0000"),
        KIOSK("kiosk", SimulationClients.KIOSK_TOKEN),
        STAFF("staff", SimulationClients.STAFF_TOKEN);

        final String role;
        final String token;

        Caller(String role, String token) {
            this.role = role;
            this.token = token;
        }
    }

    private static final Set<String> KIOSK_COMMANDS =
            Set.of("chooseMode", "submitPin", "confirmLastTry", "faceCapture", "retryFace");
    private static final Set<String> STAFF_ONLY = Set.of("requestVisual", "confirmVisual", "cancel");

    /** A session command, the state it is tried in, and what it does when allowed. */
    enum Command {
        CHOOSE_MODE("chooseMode"),
        SUBMIT_PIN("submitPin"),
        CONFIRM_LAST_TRY("confirmLastTry"),
        FACE_CAPTURE("faceCapture"),
        RETRY_FACE("retryFace"),
        REQUEST_VISUAL("requestVisual"),
        CONFIRM_VISUAL("confirmVisual"),
        CANCEL("cancel");

        final String wire;

        Command(String wire) {
            this.wire = wire;
        }
    }

    private DaemonFixture f;
    private WsTestClient driver;

    @BeforeAll
    void start() throws Exception {
        // One driver connection runs all 32 cases back to back: faster than the default rate limit allows.
        f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0)
                .withLimits(new LimitsConfig(1_000, 1_000, LimitsConfig.DEFAULT_CONNECTIONS)), 1));
        driver = f.client("driver");
    }

    @AfterAll
    void stop() {
        f.close();
    }

    static Stream<Arguments> everyCommandFromEveryRole() {
        List<Arguments> cases = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            for (Command command : Command.values()) {
                cases.add(Arguments.of(caller, command));
            }
        }
        return cases.stream();
    }

    static boolean allowed(Caller caller, Command command) {
        return switch (caller.role) {
            case "staff" -> KIOSK_COMMANDS.contains(command.wire) || STAFF_ONLY.contains(command.wire);
            case "kiosk" -> KIOSK_COMMANDS.contains(command.wire);
            default -> false;
        };
    }

    @ParameterizedTest(name = "{0} sends {1}")
    @MethodSource("everyCommandFromEveryRole")
    void commandIsDoneOrForbiddenWithNoChange(Caller caller, Command command) throws Exception {
        String session = prepare(command);
        try (WsTestClient c = WsTestClient.connect(f.daemon.baseUrl())) {
            JsonNode welcome = c.hello("matrix-" + caller.name().toLowerCase(), caller.token);
            assertEquals(caller.role, welcome.path("role").asText(), welcome::toString);

            String before = sessionOnHealth();
            ObjectNode message = message(command, session).put("id", "m1");
            c.send(message);
            JsonNode answer = c.await(reply("m1"));
            if (allowed(caller, command)) {
                assertEquals("reply", answer.path("type").asText(), () -> caller + " " + command + ": " + answer);
                driver.await(effect(command, session));
            } else {
                assertEquals("error", answer.path("type").asText(), answer::toString);
                assertEquals("forbidden", answer.path("code").asText(), answer::toString);
                assertEquals(before, sessionOnHealth(), "a refused command changes nothing");
                // The session is still where it was: staff can send the very same command now.
                JsonNode again = f.command(driver, message(command, session));
                assertEquals("reply", again.path("type").asText(), again::toString);
                driver.await(effect(command, session));
            }
        } finally {
            f.remove(driver, R0);
            driver.await(m -> readerEvent(R0).test(m) && m.path("card").isNull());
        }
    }

    @Test
    void pingAndHelloRulesHoldForEveryRole() throws Exception {
        for (Caller caller : Caller.values()) {
            try (WsTestClient c = WsTestClient.connect(f.daemon.baseUrl())) {
                c.send(object("type", "ping", "id", "early"));
                assertEquals("bad_state", c.await(reply("early")).path("code").asText(), "hello comes first");
                c.hello("rules", caller.token);
                c.send(object("type", "ping", "id", "p"));
                assertEquals("reply", c.await(reply("p")).path("type").asText());
                c.send(object("type", "hello", "id", "h2", "client", "again", "token", SimulationClients.STAFF_TOKEN));
                assertEquals("bad_state", c.await(reply("h2")).path("code").asText(),
                        "a second hello cannot raise the role");
                c.send(object("type", "cancel", "id", "x", "session", "s-unknown"));
                JsonNode answer = c.await(reply("x"));
                assertEquals(caller == Caller.STAFF ? "unknown_session" : "forbidden", answer.path("code").asText(),
                        "permission is checked before the session is looked up");
            }
        }
    }

    /** Inserts a card and brings its session to the state the command is meant for; returns the session id. */
    private String prepare(Command command) throws Exception {
        f.ok(driver, "type", "sim.face", "reader", R0, "outcome", "match");
        String profile = command == Command.CONFIRM_LAST_TRY ? "pin-last-try" : "default";
        String session = f.placeAndChoose(driver, R0, profile).path("session").asText();
        switch (command) {
            case SUBMIT_PIN, CONFIRM_LAST_TRY -> {
                f.ok(driver, "type", "chooseMode", "session", session, "mode", "pin");
                driver.await(sessionState(session, "pin_entry"));
            }
            case FACE_CAPTURE -> {
                f.ok(driver, "type", "chooseMode", "session", session, "mode", "face");
                driver.await(sessionState(session, "face_in_progress"));
            }
            case RETRY_FACE -> {
                f.ok(driver, "type", "sim.face", "reader", R0, "outcome", "mismatch");
                f.ok(driver, "type", "chooseMode", "session", session, "mode", "face");
                driver.await(sessionState(session, "face_in_progress"));
                f.ok(driver, "type", "faceCapture", "session", session, "image", IMAGE);
                driver.await(m -> sessionState(session, "face_in_progress").test(m)
                        && "face_mismatch".equals(m.path("notice").asText()));
            }
            case CONFIRM_VISUAL -> {
                f.ok(driver, "type", "requestVisual", "session", session);
                driver.await(sessionState(session, "visual_pending"));
            }
            default -> {
                // chooseMode, requestVisual and cancel are tried in choose_mode
            }
        }
        return session;
    }

    private static ObjectNode message(Command command, String session) {
        ObjectNode m = object("type", command.wire, "session", session);
        switch (command) {
            case CHOOSE_MODE -> m.put("mode", "face");
            case SUBMIT_PIN -> m.put("pin", "1234");
            case FACE_CAPTURE -> m.put("image", IMAGE);
            case CONFIRM_VISUAL -> m.put("staff", "受付A");
            default -> {
            }
        }
        return m;
    }

    /** What the driver sees once the command has been carried out. */
    private static Predicate<JsonNode> effect(Command command, String session) {
        return switch (command) {
            case CHOOSE_MODE -> sessionState(session, "face_in_progress");
            case SUBMIT_PIN -> m -> resultOf(session).test(m) && "verified".equals(m.path("outcome").asText())
                    && "pin".equals(m.path("method").asText());
            case CONFIRM_LAST_TRY -> m -> sessionState(session, "pin_entry").test(m)
                    && m.path("pin").path("lastTryConfirmed").asBoolean(false);
            case FACE_CAPTURE -> m -> resultOf(session).test(m) && "face".equals(m.path("method").asText());
            case RETRY_FACE -> m -> sessionState(session, "face_in_progress").test(m) && !m.has("notice");
            case REQUEST_VISUAL -> sessionState(session, "visual_pending");
            case CONFIRM_VISUAL -> m -> resultOf(session).test(m) && "visual".equals(m.path("method").asText())
                    && "受付A".equals(m.path("staff").asText());
            case CANCEL -> m -> resultOf(session).test(m) && "cancelled".equals(m.path("reason").asText());
        };
    }

    /** The reader's live session as {@code /health} shows it (id and state), with the card's PIN counter. */
    private String sessionOnHealth() throws Exception {
        JsonNode reader = WsTestClient.JSON.readTree(f.get("/health")).path("readers").path(0);
        return reader.path("session").toString() + " " + reader.path("card").path("pin").toString();
    }
}
