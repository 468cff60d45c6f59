package org.madoguchi.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class ConfigLoaderTest {

    @Test
    void emptyFileGivesTheDefaults() throws Exception {
        DaemonConfig c = ConfigLoader.parse("");
        assertEquals(DaemonConfig.defaults(), c);
        assertEquals("127.0.0.1", c.listen());
        assertEquals(43117, c.port());
        assertEquals(List.of(), c.allowedOrigins());
        assertEquals(List.of(), c.clients());
        assertEquals(BackendKind.JNA, c.backend());
        assertEquals(ReaderFilter.ALL, c.readers());
        assertEquals(3, c.face().maxAttempts());
        assertEquals(0.55, c.face().threshold());
        assertTrue(c.face().liveness());
        assertEquals(java.util.Optional.empty(), c.face().engine());
        assertEquals(FaceConfig.CardCode.AUTO, c.face().cardCode());
        assertEquals(java.time.Duration.ofSeconds(30), c.face().cardLift());
        assertEquals(List.of(), c.trustAnchors());
        assertTrue(c.auditPath(false).orElseThrow().endsWith(Path.of("madoguchi", "audit.jsonl")));
    }

    @Test
    void keysLeftOutTakeTheirDefaults() throws Exception {
        DaemonConfig c = ConfigLoader.parse("port: 0\nface:\n  threshold: 0.7\n");
        assertEquals(0, c.port());
        assertEquals("127.0.0.1", c.listen());
        assertEquals(3, c.face().maxAttempts());
        assertEquals(0.7, c.face().threshold());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        DaemonConfig c = ConfigLoader.parse("""
                listen: 127.0.0.1
                port: 40000
                allowedOrigins: ["http://localhost:8080"]
                clients:
                  - {name: kiosk-1, token: secret-kiosk-0123456789, role: kiosk}
                  - {name: desk, token: secret-desk-0123456789, role: staff}
                backend: jna
                readers:
                  include: ["SONY*", "Virtual PCD*"]
                  exclude: ["*SAM*"]
                face: {maxAttempts: 2, threshold: 0.5, liveness: off, engine: builtin, cardCode: typed, cardLift: 45s}
                trustAnchors: [/etc/madoguchi/jpki-root.pem]
                auditFile: /var/lib/madoguchi/audit.jsonl
                stepTimeout: 1500ms
                limits: {messagesPerSecond: 10, burst: 20, connections: 4}
                """);
        assertEquals(40000, c.port());
        assertEquals(List.of("http://localhost:8080"), c.allowedOrigins());
        assertEquals(2, c.clients().size());
        assertEquals("kiosk", c.clients().get(0).role());
        assertFalse(c.clients().get(0).toString().contains("secret"), "tokens never show in toString");
        assertEquals(BackendKind.JNA, c.backend());
        assertTrue(c.readers().accepts("SONY FeliCa Port/PaSoRi 4.0"));
        assertTrue(c.readers().accepts("Virtual PCD 00 00"));
        assertFalse(c.readers().accepts("SONY SAM slot"));
        assertFalse(c.readers().accepts("ACS ACR39U"));
        assertEquals(2, c.face().maxAttempts());
        assertEquals(0.5, c.face().threshold());
        assertFalse(c.face().liveness());
        assertEquals(java.util.Optional.of(FaceConfig.Engine.BUILTIN), c.face().engine());
        assertEquals(FaceConfig.CardCode.TYPED, c.face().cardCode());
        assertEquals(java.time.Duration.ofSeconds(45), c.face().cardLift());
        assertEquals(List.of(Path.of("/etc/madoguchi/jpki-root.pem")), c.trustAnchorPaths());
        assertEquals(Optional.of(Path.of("/var/lib/madoguchi/audit.jsonl")), c.auditPath(false));
        assertEquals(java.time.Duration.ofMillis(1500), c.stepTimeout());
        assertEquals(new LimitsConfig(10, 20, 4), c.limits());
    }

    @Test
    void stepTimeoutTakesUnitsOrSecondsWithinBounds() throws Exception {
        assertEquals(java.time.Duration.ofSeconds(10), ConfigLoader.parse("port: 0\n").stepTimeout());
        assertEquals(java.time.Duration.ofSeconds(20), ConfigLoader.parse("stepTimeout: 20\n").stepTimeout());
        assertEquals(java.time.Duration.ofMinutes(1), ConfigLoader.parse("stepTimeout: 1m\n").stepTimeout());
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("stepTimeout: 10 years\n"));
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("stepTimeout: 5ms\n"));
    }

    @Test
    void unknownKeysAreRejectedByName() {
        ConfigException top = assertThrows(ConfigException.class, () -> ConfigLoader.parse("prot: 1\n"));
        assertTrue(top.getMessage().contains("'prot'"), top::getMessage);
        assertTrue(top.getMessage().startsWith("設定ファイルに不明なキー"), top::getMessage);
        ConfigException nested = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("face:\n  maxAttempt: 2\n"));
        assertTrue(nested.getMessage().contains("'face.maxAttempt'"), nested::getMessage);
    }

    @Test
    void badValuesAreExplained() throws Exception {
        ConfigException backend = assertThrows(ConfigException.class, () -> ConfigLoader.parse("backend: pcsc\n"));
        assertTrue(backend.getMessage().contains("pcsc"), backend::getMessage);
        ConfigException port = assertThrows(ConfigException.class, () -> ConfigLoader.parse("port: 70000\n"));
        assertTrue(port.getMessage().contains("65535"), port::getMessage);
        ConfigException role = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("clients: [{name: a, token: t-0123456789abcdef, role: admin}]\n"));
        assertTrue(role.getMessage().contains("kiosk"), role::getMessage);
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("port: [1, 2]\n"));
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("face: {maxAttempts: 0}\n"));
        for (String bad : new String[] {"threshold: 0.8", "threshold: 0.29", "threshold: 0", "threshold: -1",
            "liveness: maybe", "engine: dlib", "cardCode: ocr", "cardLift: 6m", "cardLift: soon", "cardLift: -1"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("face: {" + bad + "}\n"),
                    bad);
            assertTrue(e.getMessage().contains("face."), e::getMessage);
        }
        assertTrue(ConfigLoader.parse("face: {liveness: on}\n").face().liveness());
        assertFalse(ConfigLoader.parse("face: {liveness: 'off'}\n").face().liveness());
        assertEquals(0.7, ConfigLoader.parse("face: {threshold: 0.7}\n").face().threshold());
        assertEquals(0.3, ConfigLoader.parse("face: {threshold: 0.3}\n").face().threshold());
        assertEquals(java.time.Duration.ZERO, ConfigLoader.parse("face: {cardLift: off}\n").face().cardLift());
        assertEquals(java.time.Duration.ZERO, ConfigLoader.parse("face: {cardLift: 0}\n").face().cardLift());
        assertEquals(java.time.Duration.ofMinutes(5), ConfigLoader.parse("face: {cardLift: 5m}\n").face().cardLift());
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("port: 1\n  bad indentation: [\n"));
    }

    @Test
    void securityValuesAreChecked() throws Exception {
        ConfigException shortToken = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("clients: [{name: a, token: short, role: kiosk}]\n"));
        assertTrue(shortToken.getMessage().contains("16"), shortToken::getMessage);
        assertFalse(shortToken.getMessage().contains("short,"), "the token is not repeated");
        assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "clients: [{name: a, token: " + "x".repeat(513) + ", role: kiosk}]\n"), "hello takes at most 512");
        ConfigException shared = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "clients: [{name: a, token: same-token-0123456789, role: kiosk},\n"
                        + "  {name: b, token: same-token-0123456789, role: staff}]\n"));
        assertTrue(shared.getMessage().contains("token"), shared::getMessage);
        assertFalse(shared.getMessage().contains("same-token"), "the token is not repeated");
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("allowedOrigins: [\"*\"]\n"));
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("allowedOrigins: [\"null\"]\n"));
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("limits: {messagesPerSecond: 0}\n"));
        assertEquals(Optional.empty(), ConfigLoader.parse("auditFile: off\n").auditPath(false));
        DaemonConfig defaults = ConfigLoader.parse("port: 0\n");
        assertEquals(LimitsConfig.DEFAULT, defaults.limits());
        assertEquals("audit.jsonl", defaults.auditPath(false).orElseThrow().getFileName().toString());
        assertEquals("audit-simulate.jsonl", defaults.auditPath(true).orElseThrow().getFileName().toString());
    }

    @Test
    void aConfigurationWithTokensThatOthersCanReadIsWarnedAbout(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("madoguchi.yaml");
        Files.writeString(file, "clients: [{name: desk, token: secret-desk-0123456789, role: staff}]\n");
        assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        Logger logger = (Logger) LoggerFactory.getLogger(ConfigLoader.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            ConfigLoader.load(file);
            assertEquals(1, appender.list.size(), "one warning for a world-readable file with tokens");
            assertTrue(appender.list.get(0).getFormattedMessage().contains("chmod 600"));
            assertFalse(appender.list.get(0).getFormattedMessage().contains("secret-desk"), "the token is never logged");
            appender.list.clear();
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            ConfigLoader.load(file);
            assertEquals(List.of(), appender.list);
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void missingFileIsExplained() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Path.of("/nonexistent/madoguchi.yaml")));
        assertTrue(e.getMessage().contains("/nonexistent/madoguchi.yaml"), e::getMessage);
    }
}
