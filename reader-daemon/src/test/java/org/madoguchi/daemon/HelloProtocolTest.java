package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.WsTestClient.object;
import static org.madoguchi.daemon.WsTestClient.type;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.security.SimulationClients;

/** {@code hello.protocol}: the level a client speaks; a level the daemon does not speak changes nothing. */
class HelloProtocolTest {
    private DaemonFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void aClientThatAsksForProtocol1IsWelcomedAsBefore() throws Exception {
        try (WsTestClient c = WsTestClient.connect(f.daemon.baseUrl())) {
            c.send(object("type", "hello", "client", "kiosk-1", "token", SimulationClients.KIOSK_TOKEN)
                    .put("protocol", 1));
            JsonNode welcome = c.await(type("welcome"));
            assertEquals(1, welcome.path("protocol").asInt());
            assertEquals("kiosk", welcome.path("role").asText());
        }
    }

    @Test
    void aLevelTheDaemonDoesNotSpeakIsRefusedWithTheLevelsItSpeaksAndNothingElseChanges() throws Exception {
        String before = f.get("/metrics");
        try (WsTestClient c = WsTestClient.connect(f.daemon.baseUrl())) {
            c.send(object("type", "hello", "client", "kiosk-2", "token", "not-a-configured-token", "id", "h1")
                    .put("protocol", 2));
            JsonNode error = c.next();
            assertEquals("error", error.path("type").asText(), error::toString);
            assertEquals("unsupported_protocol", error.path("code").asText());
            assertEquals("h1", error.path("id").asText(), "the id of a readable message is echoed");
            assertEquals(List.of(1), List.of(error.path("protocols").get(0).asInt()));
            assertEquals(1, error.path("protocols").size());
            assertTrue(error.path("message").path("en").asText().contains("protocol 1"), error::toString);
            assertFalse(error.path("message").path("ja").asText().isEmpty());

            // Still no hello on this connection: the same connection may say hello again.
            c.send(object("type", "ping", "id", "p1"));
            assertEquals("bad_state", c.await(WsTestClient.reply("p1")).path("code").asText());
            c.send(object("type", "hello", "client", "kiosk-2", "token", SimulationClients.KIOSK_TOKEN));
            JsonNode welcome = c.await(type("welcome"));
            assertEquals(1, welcome.path("protocol").asInt());
            assertEquals("kiosk", welcome.path("role").asText(), "the refused hello's token was never looked at");
            assertTrue(c.poll(Duration.ofMillis(200)).isEmpty(), "nothing more");
        }
        String after = f.get("/metrics");
        String wrongToken = "madoguchi_connections_refused_total{reason=\"wrong_token\"";
        assertEquals(MetricsAndHealthTest.metric(before, wrongToken), MetricsAndHealthTest.metric(after, wrongToken),
                "a refused hello is no token guess");
        assertEquals(1.0, MetricsAndHealthTest.metric(after,
                "madoguchi_messages_refused_total{code=\"unsupported_protocol\""));
    }

    @Test
    void aProtocolThatIsNoIntegerIsABadRequest() throws Exception {
        try (WsTestClient c = WsTestClient.connect(f.daemon.baseUrl())) {
            c.send(object("type", "hello", "client", "kiosk-3", "protocol", "1"));
            JsonNode error = c.next();
            assertEquals("bad_request", error.path("code").asText(), error::toString);
            assertTrue(error.path("protocols").isMissingNode());
            c.send(object("type", "hello", "client", "kiosk-3"));
            assertEquals("observer", c.await(type("welcome")).path("role").asText());
        }
    }
}
