package org.madoguchi.driver.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;

import org.madoguchi.driver.apdu.ApduTransport;
import org.madoguchi.driver.apdu.Hex;

/**
 * A transport that plays a transcript: each expected command (hex) with its canned response. A
 * command out of script fails the test, so a test proves exactly which APDUs a flow sends.
 */
final class ScriptedTransport implements ApduTransport {
    private record Step(String command, String response) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();

    ScriptedTransport expect(String command, String response) {
        steps.add(new Step(Hex.of(Hex.parse(command)), Hex.of(Hex.parse(response))));
        return this;
    }

    @Override
    public byte[] transceive(byte[] command) {
        assertTrue(!steps.isEmpty(), "unexpected extra command " + Hex.spaced(command));
        Step step = steps.removeFirst();
        assertEquals(step.command(), Hex.of(command), "command out of script");
        return Hex.parse(step.response());
    }

    void assertDone() {
        assertTrue(steps.isEmpty(), "script not finished: " + steps.size() + " steps left");
    }
}
