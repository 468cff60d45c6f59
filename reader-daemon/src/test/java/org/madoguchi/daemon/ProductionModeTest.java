package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.madoguchi.daemon.WsTestClient.object;
import static org.madoguchi.daemon.WsTestClient.reply;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.BackendKind;
import org.madoguchi.daemon.config.DaemonConfig;

/**
 * The daemon on the jdk back-end, without simulation. It must start whether or not a PC/SC
 * service is running (the reader monitor keeps retrying) and refuse every simulator command.
 */
class ProductionModeTest {

    @Test
    void simulatorCommandsAreForbidden() throws Exception {
        DaemonConfig config = DaemonConfig.defaults().withPort(0).withBackend(BackendKind.JDK);
        try (Daemon daemon = Daemon.start(DaemonSettings.production(config));
                WsTestClient c = WsTestClient.connect(daemon.baseUrl())) {
            c.hello("test");
            c.send(object("type", "sim.insert", "id", "1", "reader", "Simulated Reader 0", "profile", "default"));
            JsonNode error = c.await(reply("1"));
            assertEquals("error", error.path("type").asText());
            assertEquals("forbidden", error.path("code").asText());
            c.send(object("type", "sim.remove", "id", "2", "reader", "Simulated Reader 0"));
            assertEquals("forbidden", c.await(reply("2")).path("code").asText());

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(daemon.baseUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = WsTestClient.JSON.readTree(health.body());
            assertEquals("jdk", body.path("backend").asText());
            assertFalse(body.path("simulate").asBoolean());
        }
    }
}
