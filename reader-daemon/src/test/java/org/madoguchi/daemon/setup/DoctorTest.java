package org.madoguchi.daemon.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.madoguchi.daemon.Daemon;
import org.madoguchi.daemon.DaemonSettings;
import org.madoguchi.daemon.config.ConfigLoader;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.spi.Simulation;
import org.madoguchi.driver.spi.SimulationOptions;
import org.madoguchi.driver.spi.SimulationProvider;

/**
 * {@code madoguchi doctor} against the simulator's readers and cards, against files with the wrong
 * permissions, a taken port, and, in a process of its own, a machine where pcscd cannot be reached.
 */
class DoctorTest {

    /** A configuration as init writes it, on a free port, with an existing audit directory. */
    private static Path config(Path dir) throws IOException {
        Path file = dir.resolve("madoguchi.yaml");
        Path audit = Files.createDirectories(dir.resolve("state")).resolve("audit.jsonl");
        var run = InitCommandTest.init("--config", file.toString(), "--user", "root", "--port",
                String.valueOf(freePort()), "--audit-file", audit.toString());
        assertEquals(0, run.exit(), run.err());
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A simulation with a card of the profile in its one reader (none when profile is null). */
    private static Simulation simulation(String profile) throws Exception {
        Simulation sim = ServiceLoader.load(SimulationProvider.class).findFirst().orElseThrow()
                .start(new SimulationOptions(1, Optional.empty()));
        if (profile != null) {
            sim.insert(sim.backend().readers().get(0).name(), profile);
        }
        return sim;
    }

    private static List<Check> doctor(Path config, ReaderBackend backend) {
        return new Doctor(config, Optional.empty(), kind -> backend, DoctorTest.class.getClassLoader(),
                Path.of("/nonexistent/pcscd.comm")).run();
    }

    private static String text(List<Check> checks) {
        return checks.stream().map(Check::line).collect(Collectors.joining("\n"));
    }

    private static List<Check> topic(List<Check> checks, String topic) {
        return checks.stream().filter(c -> c.topic().equals(topic)).toList();
    }

    @Test
    void aGoodInstallationWithAMyNumberCardPasses(@TempDir Path dir) throws Exception {
        Path config = config(dir);
        List<Check> checks;
        try (Simulation sim = simulation("default")) {
            checks = doctor(config, sim.backend());
        }
        String all = text(checks);
        assertFalse(Doctor.failed(checks), all);
        assertTrue(all.contains("[OK  ] pcscd"), all);
        Check reader = topic(checks, "reader").get(0);
        assertTrue(reader.en().contains("kind: contactless (from the card's ATR), card: present"), all);
        assertTrue(reader.ja().contains("種類: 非接触"), all);
        Check card = topic(checks, "card").get(0);
        assertEquals(Check.Status.OK, card.status(), all);
        assertTrue(card.en().contains("My Number card"), all);
        assertTrue(all.contains("[OK  ] port"), all);
        assertTrue(all.contains("[OK  ] audit"), all);
        assertTrue(all.contains("[WARN] trust"), "no trust anchors is a warning: " + all);
        Check face = topic(checks, "face").get(0);
        assertEquals(Check.Status.OK, face.status(), "the face engine is in reader-driver: " + all);
        assertTrue(face.en().contains("weight files are present"), all);
        Check front = topic(checks, "cardfront").get(0);
        assertTrue(front.status() == Check.Status.OK ? front.en().contains("is read by the kiosk's camera")
                : front.status() == Check.Status.WARN && front.en().contains("tesseract-ocr-jpn"), all);
        for (Check c : checks) {
            assertTrue(c.line().contains(" / "), "Japanese, then English: " + c.line());
            assertFalse(c.line().contains("\n"), "one line each");
        }
    }

    @Test
    void aReaderWithoutACardIsUnknownByNameAndNotACardTestIsInformation(@TempDir Path dir) throws Exception {
        Path config = config(dir);
        List<Check> empty;
        try (Simulation sim = simulation(null)) {
            empty = doctor(config, sim.backend());
        }
        assertTrue(topic(empty, "reader").get(0).en().contains("kind: unknown, card: none"), text(empty));
        assertTrue(topic(empty, "card").isEmpty(), text(empty));

        List<Check> other;
        try (Simulation sim = simulation("not-my-number")) {
            other = doctor(config, sim.backend());
        }
        Check card = topic(other, "card").get(0);
        assertEquals(Check.Status.INFO, card.status(), text(other));
        assertTrue(card.en().contains("not a My Number card"), text(other));
        assertFalse(Doctor.failed(other), text(other));
    }

    /** A class path without the face engine, or with its classes but without its weights. */
    static final class Hiding extends ClassLoader {
        private final boolean hideClasses;

        Hiding(boolean hideClasses) {
            super(DoctorTest.class.getClassLoader());
            this.hideClasses = hideClasses;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (hideClasses && name.startsWith("org.madoguchi.driver.face.engine.")) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public java.net.URL getResource(String name) {
            return name.startsWith(Doctor.FACE_MODEL_DIR) ? null : super.getResource(name);
        }
    }

    @Test
    void theFaceEngineMissingIsInformationButItsWeightsMissingIsAFailure(@TempDir Path dir) throws Exception {
        Path config = config(dir);
        for (boolean engineAbsent : new boolean[] {true, false}) {
            List<Check> checks;
            try (Simulation sim = simulation(null)) {
                ReaderBackend backend = sim.backend();
                checks = new Doctor(config, Optional.empty(), kind -> backend, new Hiding(engineAbsent),
                        Path.of("/nonexistent/pcscd.comm")).run();
            }
            Check face = topic(checks, "face").get(0);
            if (engineAbsent) {
                assertEquals(Check.Status.INFO, face.status(), text(checks));
                assertTrue(face.en().contains("face engine not installed"), text(checks));
                assertFalse(Doctor.failed(checks), text(checks));
            } else {
                assertEquals(Check.Status.FAIL, face.status(), text(checks));
                assertTrue(face.en().contains("weights are missing"), text(checks));
            }
        }
    }

    @Test
    void aConfigOthersCanReadFails(@TempDir Path dir) throws Exception {
        Path config = config(dir);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        List<Check> checks;
        try (Simulation sim = simulation(null)) {
            checks = doctor(config, sim.backend());
        }
        assertTrue(Doctor.failed(checks));
        assertTrue(text(checks).contains("chmod 600"), text(checks));
    }

    @Test
    void aMissingOrBrokenConfigFailsAndSaysWhatToDo(@TempDir Path dir) throws Exception {
        List<Check> missing;
        try (Simulation sim = simulation(null)) {
            missing = doctor(dir.resolve("none.yaml"), sim.backend());
        }
        assertTrue(Doctor.failed(missing));
        assertTrue(topic(missing, "config").get(0).en().contains("madoguchi init"), text(missing));

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "port: 43117\nlisten_address: 0.0.0.0\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rw-------"));
        List<Check> checks;
        try (Simulation sim = simulation(null)) {
            checks = doctor(broken, sim.backend());
        }
        assertTrue(Doctor.failed(checks));
        assertTrue(topic(checks, "config").get(0).en().contains("listen_address"), text(checks));
    }

    @Test
    void aPortTakenByAnotherProgramFailsButARunningMadoguchiIsFine(@TempDir Path dir) throws Exception {
        Path config = config(dir);
        int port = ConfigLoader.load(config).port();
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            List<Check> checks;
            try (Simulation sim = simulation(null)) {
                checks = doctor(config, sim.backend());
            }
            Check c = topic(checks, "port").get(0);
            assertEquals(Check.Status.FAIL, c.status(), text(checks));
            assertTrue(c.en().contains("taken by another program"), text(checks));
        }
        try (Daemon running = Daemon.start(DaemonSettings.simulated(ConfigLoader.load(config)
                .withAuditFile("off"), 1))) {
            List<Check> checks;
            try (Simulation sim = simulation(null)) {
                checks = doctor(config, sim.backend());
            }
            Check c = topic(checks, "port").get(0);
            assertEquals(Check.Status.OK, c.status(), text(checks));
            assertTrue(c.en().contains("madoguchi is already running"), text(checks));
        }
    }

    @Test
    void aMissingAuditDirectoryFails(@TempDir Path dir) throws Exception {
        Path config = config(dir);
        Files.delete(dir.resolve("state"));
        List<Check> checks;
        try (Simulation sim = simulation(null)) {
            checks = doctor(config, sim.backend());
        }
        Check c = topic(checks, "audit").get(0);
        assertEquals(Check.Status.FAIL, c.status(), text(checks));
        assertTrue(c.en().contains("does not exist"), text(checks));
    }

    @Test
    void withoutPcscdTheCommandSaysSoAndExitsNonZero(@TempDir Path dir) throws Exception {
        Path config = config(dir);
        Path out = dir.resolve("doctor.out");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.madoguchi.daemon.DaemonMain", "doctor",
                "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        // pcsc-lite's client library looks for pcscd here instead of /run/pcscd/pcscd.comm
        pb.environment().put("PCSCLITE_CSOCK_NAME", dir.resolve("no-pcscd.comm").toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "doctor did not finish");
        String text = Files.readString(out);
        assertEquals(1, p.exitValue(), text);
        assertTrue(text.contains("[FAIL] pcscd"), text);
        assertTrue(text.contains("pcscd"), text);
        assertFalse(text.contains("\tat "), "no stack trace: " + text);
    }
}
