package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.madoguchi.simulator.pki.TestPki;

/**
 * The production jar (the one the .deb carries) holds no simulator code and no test PKI material,
 * and answers {@code --simulate} with a message rather than a stack trace. Runs after {@code package}
 * (failsafe), against the jars the build just made. The same scan of the developer jar must find
 * what it looks for, so a scan that can find nothing cannot pass by accident.
 */
class ProductionJarIT {
    private static final Path PRODUCTION = Path.of(System.getProperty("madoguchi.productionJar",
            "target/production/madoguchi.jar"));
    private static final Path DEVELOPER = Path.of(System.getProperty("madoguchi.developerJar",
            "target/madoguchi.jar"));

    @Test
    void productionJarHasNoSimulatorAndNoTestPki() throws IOException {
        List<String> found = forbidden(PRODUCTION);
        assertEquals(List.of(), found, "the production jar must not contain simulator or test-PKI material");
    }

    @Test
    void theScanFindsTheSimulatorInTheDeveloperJar() throws IOException {
        List<String> found = forbidden(DEVELOPER);
        assertTrue(found.stream().anyMatch(f -> f.startsWith("class org/madoguchi/simulator/")), found::toString);
        assertTrue(found.stream().anyMatch(f -> f.contains("TestPki")), found::toString);
        assertTrue(found.stream().anyMatch(f -> f.startsWith("bytes JPKI-TEST")), found::toString);
        assertTrue(found.stream().anyMatch(f -> f.startsWith("service ")), found::toString);
    }

    @Test
    void productionJarStillHasTheDaemon() throws IOException {
        try (JarFile jar = new JarFile(PRODUCTION.toFile())) {
            assertTrue(jar.getEntry("org/madoguchi/daemon/DaemonMain.class") != null);
            assertTrue(jar.getEntry("org/madoguchi/driver/card/MyNumberCard.class") != null);
            assertTrue(jar.getEntry("web/kiosk.html") != null);
            assertEquals("org.madoguchi.daemon.DaemonMain",
                    jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
    }

    @Test
    void simulateInProductionIsAClearBilingualErrorNotAStackTrace() throws Exception {
        Path out = Files.createTempFile("madoguchi-prod", ".out");
        Path err = Files.createTempFile("madoguchi-prod", ".err");
        try {
            Process p = new ProcessBuilder(java(), "-jar", PRODUCTION.toString(), "--simulate", "--port", "0")
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the production jar did not exit");
            String stderr = Files.readString(err);
            String stdout = Files.readString(out);
            assertEquals(2, p.exitValue(), stderr);
            assertTrue(stderr.contains("シミュレーターを含みません"), stderr);
            assertTrue(stderr.contains("has no simulator"), stderr);
            assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), stderr);
            assertFalse(stdout.contains("madoguchi ready"), stdout);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** What of the simulator or its test PKI is in the jar, one line per finding. */
    private static List<String> forbidden(Path jarFile) throws IOException {
        Map<String, byte[]> needles = new LinkedHashMap<>();
        needles.put("JPKI-TEST", "JPKI-TEST".getBytes(StandardCharsets.UTF_8));
        TestPki pki = TestPki.get();
        for (X509Certificate root : List.of(pki.authRoot(), pki.signRoot())) {
            String cn = root.getSubjectX500Principal().getName();
            needles.put("DER of " + cn, der(root));
            needles.put("modulus of " + cn, modulus(root));
        }
        List<String> found = new ArrayList<>();
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (name.startsWith("org/madoguchi/simulator/")) {
                    found.add("class " + name);
                }
                if (name.toLowerCase(java.util.Locale.ROOT).contains("testpki")) {
                    found.add("name " + name + " (TestPki)");
                }
                if (name.equals("META-INF/services/org.madoguchi.driver.spi.SimulationProvider")
                        || name.equals("logback-simulator.xml")) {
                    found.add("service " + name);
                }
                byte[] bytes;
                try (var in = jar.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                for (var needle : needles.entrySet()) {
                    if (indexOf(bytes, needle.getValue()) >= 0) {
                        found.add("bytes " + needle.getKey() + " in " + name);
                    }
                }
            }
        }
        return found;
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public modulus as the unsigned big-endian bytes a key file or constant would hold. */
    private static byte[] modulus(X509Certificate c) {
        BigInteger n = ((RSAPublicKey) c.getPublicKey()).getModulus();
        byte[] b = n.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
