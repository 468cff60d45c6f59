package org.madoguchi.driver.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;

import org.madoguchi.driver.apdu.ApduTransport;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;

/**
 * A transport that plays a transcript: each expected command (hex) with its canned response, or a
 * link failure. A command out of script fails the test, so a test proves exactly which APDUs a
 * flow sends.
 */
final class ScriptedTransport implements ApduTransport {
    private record Step(String command, boolean prefix, String response, PcscError failure) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();

    ScriptedTransport expect(String command, String response) {
        steps.add(new Step(norm(command), false, norm(response), null));
        return this;
    }

    /** Any command starting with {@code prefix} (for commands whose data is long or random). */
    ScriptedTransport expectPrefix(String prefix, String response) {
        steps.add(new Step(norm(prefix), true, norm(response), null));
        return this;
    }

    /** The link fails while this command is under way. */
    ScriptedTransport drop(String command, PcscError error) {
        steps.add(new Step(norm(command), false, null, error));
        return this;
    }

    ScriptedTransport dropPrefix(String prefix, PcscError error) {
        steps.add(new Step(norm(prefix), true, null, error));
        return this;
    }

    private static String norm(String hex) {
        return Hex.of(Hex.parse(hex));
    }

    @Override
    public byte[] transceive(byte[] command) throws PcscException {
        assertTrue(!steps.isEmpty(), "unexpected extra command " + Hex.spaced(command));
        Step step = steps.removeFirst();
        String sent = Hex.of(command);
        if (step.prefix()) {
            assertTrue(sent.startsWith(step.command()), "command out of script: " + sent + " (wanted " + step.command() + "…)");
        } else {
            assertEquals(step.command(), sent, "command out of script");
        }
        if (step.failure() != null) {
            throw new PcscException(step.failure(), "scripted link failure");
        }
        return Hex.parse(step.response());
    }

    void assertDone() {
        assertTrue(steps.isEmpty(), "script not finished: " + steps.size() + " steps left");
    }
}
