package org.madoguchi.daemon.setup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.madoguchi.daemon.DaemonMain;
import org.madoguchi.daemon.config.ClientConfig;
import org.madoguchi.daemon.config.ConfigLoader;
import org.madoguchi.daemon.config.DaemonConfig;

import picocli.CommandLine;

/** {@code madoguchi init}: the file, its permissions, its tokens, and refusing to overwrite. */
class InitCommandTest {
    record Run(int exit, String out, String err) {
    }

    static Run init(String... args) {
        CommandLine cmd = DaemonMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "init";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = cmd.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void writesAValidOwnerOnlyConfigWithThreeFreshTokens(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("etc").resolve("madoguchi.yaml");
        Run run = init("--config", file.toString(), "--audit-file", dir.resolve("audit.jsonl").toString(), "--user",
                "root");
        assertEquals(0, run.exit(), run.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var left = Files.list(file.getParent())) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left");
        }
        DaemonConfig config = ConfigLoader.load(file);
        Map<String, ClientConfig> clients = config.clients().stream()
                .collect(Collectors.toMap(ClientConfig::role, Function.identity()));
        assertEquals(Set.of("kiosk", "staff", "observer"), clients.keySet());
        assertEquals(3, clients.values().stream().map(ClientConfig::token).distinct().count());
        for (ClientConfig c : clients.values()) {
            assertTrue(c.token().matches("[0-9a-f]{64}"), "256 bits as 64 hex digits");
        }
        assertEquals(43117, config.port());
        assertEquals("127.0.0.1", config.listen());
        assertEquals(dir.resolve("audit.jsonl"), config.auditPath(false).orElseThrow());

        String kiosk = clients.get("kiosk").token();
        String staff = clients.get("staff").token();
        String observer = clients.get("observer").token();
        assertTrue(run.out().contains("http://127.0.0.1:43117/kiosk#token=" + kiosk + "\n"), run.out());
        assertTrue(run.out().contains("http://127.0.0.1:43117/console#token=" + staff + "\n"), run.out());
        assertFalse(run.out().contains(observer), "the observer token is not printed");
        assertFalse(run.err().contains(kiosk) || run.err().contains(staff) || run.err().contains(observer));
        for (String line : run.out().split("\n")) {
            if (line.contains(kiosk) || line.contains(staff)) {
                assertTrue(line.strip().startsWith("http://"), "tokens appear only inside URLs: " + line);
            }
        }
    }

    @Test
    void refusesToOverwriteWithoutForce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("madoguchi.yaml");
        assertEquals(0, init("--config", file.toString(), "--user", "root").exit());
        byte[] first = Files.readAllBytes(file);

        Run again = init("--config", file.toString(), "--user", "root");
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("--force"), again.err());
        assertTrue(again.err().contains("すでにあります"), again.err());
        assertArrayEquals(first, Files.readAllBytes(file), "the file is left as it was");

        Run forced = init("--config", file.toString(), "--user", "root", "--force");
        assertEquals(0, forced.exit(), forced.err());
        byte[] second = Files.readAllBytes(file);
        assertFalse(java.util.Arrays.equals(first, second), "new tokens");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Set<String> before = tokens(first);
        Set<String> after = tokens(second);
        assertTrue(before.stream().noneMatch(after::contains), "no token survives --force");
    }

    @Test
    void tokensAreLongAndUnique() {
        InitCommand init = new InitCommand();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String t = init.token();
            assertEquals(64, t.length());
            assertTrue(t.length() * 4 >= 128, "at least 128 bits");
            assertTrue(seen.add(t), "a token came twice");
        }
        assertTrue(ClientConfig.MIN_TOKEN <= 64);
    }

    @Test
    void portAndTrustAnchorsGoIntoTheFileAndTheUrls(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("root.pem");
        Files.writeString(root, "not read by init");
        Path file = dir.resolve("m.yaml");
        Run run = init("--config", file.toString(), "--user", "root", "--port", "43999", "--trust-anchor",
                root.toString());
        assertEquals(0, run.exit(), run.err());
        DaemonConfig config = ConfigLoader.load(file);
        assertEquals(43999, config.port());
        assertEquals(List.of(root.toAbsolutePath().toString()), config.trustAnchors());
        assertTrue(run.out().contains("http://127.0.0.1:43999/kiosk#token="), run.out());
    }

    @Test
    void asRootTheFileGoesToTheServiceUser(@TempDir Path dir) throws Exception {
        assumeTrue(ServiceAccount.runningAsRoot(), "only root can give a file away");
        assumeTrue(ServiceAccount.lookup("nobody").isPresent(), "needs the account nobody");
        Path file = dir.resolve("m.yaml");
        Run run = init("--config", file.toString(), "--user", "nobody");
        assertEquals(0, run.exit(), run.err());
        assertEquals("nobody", Files.getOwner(file).getName());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void anUnknownServiceUserLeavesTheFileWithItsWriterAndSaysSo(@TempDir Path dir) throws Exception {
        assumeTrue(ServiceAccount.runningAsRoot(), "the owner is changed only when run as root");
        Path file = dir.resolve("m.yaml");
        Run run = init("--config", file.toString(), "--user", "no-such-user-madoguchi");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("does not exist"), run.err());
        assertNotEquals("no-such-user-madoguchi", Files.getOwner(file).getName());
    }

    private static Set<String> tokens(byte[] yaml) throws Exception {
        return ConfigLoader.parse(new String(yaml, java.nio.charset.StandardCharsets.UTF_8)).clients().stream()
                .map(ClientConfig::token).collect(Collectors.toSet());
    }
}
