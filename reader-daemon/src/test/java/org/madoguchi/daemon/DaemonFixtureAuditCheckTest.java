package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.resultOn;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.security.SimulationClients;

/**
 * The audit check every flow test gets from {@link DaemonFixture#close}: it passes on an honest
 * file (with kiosk and staff both named), and it finds a forged line, a line that contradicts its
 * result and a line leaving out a client that took part (and, asked for exact names, one naming a
 * client that did not), and still closes everything.
 */
class DaemonFixtureAuditCheckTest {

    @Test
    void anHonestFileNamesEveryClientThatTookPart() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1))) {
            WsTestClient staff = f.client("desk");
            WsTestClient kiosk = f.client("kiosk", SimulationClients.KIOSK_TOKEN);
            String s = f.placeAndChoose(staff, R0, "default").path("session").asText();
            f.ok(kiosk, "type", "chooseMode", "session", s, "mode", "pin");
            f.ok(staff, "type", "cancel", "session", s);
            f.observer().seenOrAwait(resultOf(s));
            f.assertAuditTrailMatchesResults(true);
            JsonNode line = f.auditLines().get(0);
            assertEquals("[\"sim-kiosk\",\"sim-staff\"]", line.path("clients").toString(), "in order of first command");
        }
    }

    @Test
    void aForgedAContradictingAndAWronglyAttributedLineAreFoundAndEverythingIsClosed() throws Exception {
        DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1))
                .withSettle(Duration.ofSeconds(1));
        int port = f.daemon.port();
        Path dir = f.auditFile.getParent();
        WsTestClient staff = f.client("desk");
        String pin = f.placeAndChoose(staff, R0, "default").path("session").asText();
        f.ok(staff, "type", "chooseMode", "session", pin, "mode", "pin");
        f.submitPin(staff, pin, "1234");
        staff.await(resultOf(pin));
        f.insert(staff, R0, "not-my-number");
        String failed = staff.await(resultOn(R0).and(m -> !m.path("session").asText().equals(pin)))
                .path("session").asText();
        f.observer().seenOrAwait(resultOf(failed));

        List<String> tampered = new ArrayList<>();
        for (JsonNode line : f.auditLines()) {
            ObjectNode copy = line.deepCopy();
            if (copy.path("session").asText().equals(pin)) {
                copy.putArray("clients"); // nobody, though sim-staff sent the commands
            } else {
                copy.put("outcome", "verified"); // the result said failed
                copy.putArray("clients").add("sim-kiosk"); // a configured client, but it sent nothing
            }
            tampered.add(copy.toString());
        }
        tampered.add("{\"time\":\"2026-11-23T10:00:00Z\",\"reader\":\"" + R0 + "\",\"session\":\"s-forged\","
                + "\"outcome\":\"verified\",\"method\":\"visual\",\"clients\":[]}");
        Files.write(f.auditFile, tampered, StandardCharsets.UTF_8);

        AssertionError exact = assertThrows(AssertionError.class, () -> f.assertAuditTrailMatchesResults(true));
        assertTrue(exact.getMessage().contains("session " + failed + ": audit 'clients' [sim-kiosk] but the commands"
                + " answered 'reply' came from []"), exact.getMessage());

        // On close, a configured name more is allowed (a raw socket could have sent it); the rest is not.
        AssertionError error = assertThrows(AssertionError.class, f::close);
        String message = error.getMessage();
        assertFalse(message.contains("[sim-kiosk]"), message);
        assertTrue(message.contains("session s-forged: an audit line but no result"), message);
        assertTrue(message.contains("session " + failed + ": audit outcome is verified but the result says failed"),
                message);
        assertTrue(message.contains("session " + pin + ": audit 'clients' [] but the commands answered 'reply' came"
                + " from [sim-staff]"), message);
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "the daemon is stopped");
        assertFalse(Files.exists(dir), "the temporary directory is deleted");
        assertTrue(WsTestClient.connectedTo(f.daemon.baseUrl()).isEmpty(), "the clients are forgotten");
    }
}
