package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The command line: flags, the ready line, the ready file, and start-up errors. */
class DaemonMainTest {

    @Test
    void readyFileAndReadyLineCarryTheBaseUrl(@TempDir Path dir) throws Exception {
        Path ready = dir.resolve("run").resolve("madoguchi.ready");
        DaemonMain main = new DaemonMain();
        new CommandLine(main).parseArgs("--simulate", "--port", "0", "--readers", "2", "--ready-file", ready.toString());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        try (Daemon daemon = main.launch(new PrintStream(stdout, true, StandardCharsets.UTF_8))) {
            String url = "http://127.0.0.1:" + daemon.port();
            assertEquals(url + "\n", Files.readString(ready));
            assertEquals("madoguchi ready " + url + System.lineSeparator(), stdout.toString(StandardCharsets.UTF_8));
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals(2, WsTestClient.JSON.readTree(health.body()).path("readers").size());
        }
        try (var files = Files.list(ready.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left beside the ready file");
        }
    }

    @Test
    void configFileValuesAreOverriddenByFlags(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("madoguchi.yaml");
        Files.writeString(config, "port: 43999\nbackend: jna\nface:\n  maxAttempts: 5\n");
        DaemonMain main = new DaemonMain();
        new CommandLine(main).parseArgs("--config", config.toString(), "--port", "0", "--backend", "jdk");
        DaemonSettings settings = main.settings();
        assertEquals(0, settings.config().port());
        assertEquals("jdk", settings.config().backend().id());
        assertEquals(5, settings.config().face().maxAttempts());
        assertEquals(false, settings.simulate());
    }

    @Test
    void jnaIsTheDefaultBackend() throws Exception {
        DaemonMain main = new DaemonMain();
        new CommandLine(main).parseArgs("--port", "0");
        assertEquals("jna", main.settings().config().backend().id());
    }

    @Test
    void unknownConfigKeyStopsStartUp(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("madoguchi.yaml");
        Files.writeString(config, "port: 0\nlisten_address: 0.0.0.0\n");
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "--config", config.toString()));
        assertTrue(err.toString().contains("listen_address"), err::toString);
    }

    @Test
    void badFlagIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cmd = DaemonMain.commandLine();
        cmd.setErr(new PrintWriter(err));
        assertEquals(2, cmd.execute("--port", "not-a-number"));
    }

    /** Runs the command as main does, with standard error captured. */
    private static int run(StringWriter err, String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return DaemonMain.commandLine().execute(args);
        } finally {
            System.setErr(saved);
            err.write(captured.toString(StandardCharsets.UTF_8));
        }
    }
}
