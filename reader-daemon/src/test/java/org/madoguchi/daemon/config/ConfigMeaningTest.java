package org.madoguchi.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A configuration that would silently mean something other than what its author wrote is refused. */
class ConfigMeaningTest {

    @Test
    void aSecondClientsKeyDoesNotReplaceTheFirst() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                clients:
                  - {name: desk, token: secret-desk-0123456789, role: staff}
                port: 0
                clients:
                  - {name: wall, token: secret-wall-0123456789, role: observer}
                """));
        assertTrue(e.getMessage().contains("'clients' appears twice"), e.getMessage());
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
    }

    @Test
    void duplicateKeysAreRefusedAtEveryLevel() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("face:\n  threshold: 0.7\n  threshold: 0.9\n"));
        assertTrue(e.getMessage().contains("'threshold' appears twice"), e.getMessage());
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                clients:
                  - {name: desk, token: secret-desk-0123456789, role: staff, role: observer}
                """));
    }

    @ParameterizedTest
    @ValueSource(strings = {"reception.example", "//reception.example", "https://reception.example/kiosk",
        "https://reception.example?x=1", "https://reception.example#top", "ftp://reception.example",
        "https://user@reception.example", "file:///etc/passwd", "http://", "https://*.example", "null", " "})
    void originsThatCanNeverMatchAreRefused(String origin) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("allowedOrigins: [\"" + origin + "\"]\n"));
        assertTrue(e.getMessage().contains("allowedOrigins"), e.getMessage());
    }

    @Test
    void originsAreKeptInTheFormBrowsersSend() throws Exception {
        DaemonConfig c = ConfigLoader.parse("allowedOrigins: [\"HTTPS://Reception.Example:443\","
                + " \"http://localhost:8080/\", \"http://[::1]:3000\"]\n");
        assertEquals(List.of("https://reception.example", "http://localhost:8080", "http://[::1]:3000"),
                c.allowedOrigins());
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "no", "No", "NONE", "disabled", "0", "\"off \"", "OFF"})
    void auditFileIsOffOrAPathNothingElse(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("auditFile: " + value + "\n"));
        assertTrue(e.getMessage().contains("auditFile must be off"), e.getMessage());
    }

    @Test
    void auditFileOffAndPathsStillWork() throws Exception {
        assertTrue(ConfigLoader.parse("auditFile: off\n").auditPath(false).isEmpty());
        assertEquals("./no", ConfigLoader.parse("auditFile: ./no\n").auditFile());
        assertEquals("/var/lib/madoguchi/audit.jsonl",
                ConfigLoader.parse("auditFile: /var/lib/madoguchi/audit.jsonl\n").auditFile());
    }
}
