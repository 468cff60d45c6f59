package org.madoguchi.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {
    private final PrintStream realOut = System.out;
    private final PrintStream realErr = System.err;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(realOut);
        System.setErr(realErr);
    }

    @Test
    void profilesPrintsOneLineEach() {
        assertEquals(0, SimulatorMain.run("profiles"));
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(11, lines.length);
        assertTrue(lines[0].startsWith("default "), lines[0]);
        assertTrue(lines[0].contains("既定のカード"), lines[0]);
    }

    @Test
    void vpcdRejectsAnUnknownProfile() {
        assertEquals(2, SimulatorMain.run("vpcd", "--profile", "gold-card"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown profile: gold-card"));
    }

    @Test
    void vpcdNeedsAProfile() {
        assertEquals(2, SimulatorMain.run("vpcd"));
    }
}
