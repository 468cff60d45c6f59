package org.madoguchi.driver.testing;

import java.util.List;

import org.madoguchi.driver.apdu.ApduTransport;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.pcsc.PcscException;

/**
 * An {@link ApduScript} standing in for the card: every command the code under test sends must
 * match the script's next command pattern, and gets the scripted response (or the scripted link
 * failure). A command out of script, or one too many, fails the test with an {@link AssertionError}
 * naming the script line; {@link #assertDone()} fails when the script was not played to its end.
 * So a test proves exactly which APDUs a flow sends, in which order. Not thread-safe.
 */
public final class ScriptedCard implements ApduTransport {
    private final ApduScript script;
    private int next;

    ScriptedCard(ApduScript script) {
        this.script = script;
        for (ApduScript.Exchange e : script.exchanges()) {
            if (e.failure().isEmpty() && (e.response().size() != 1 || e.response().get(0).plainBytes().isEmpty())) {
                throw new IllegalArgumentException(script.name() + ":" + e.line()
                        + ": a card answers with plain bytes, one response per command: " + e.response());
            }
        }
    }

    @Override
    public byte[] transceive(byte[] command) throws PcscException {
        List<ApduScript.Exchange> exchanges = script.exchanges();
        if (next >= exchanges.size()) {
            throw new AssertionError(script.name() + ": unexpected extra command " + Hex.spaced(command));
        }
        ApduScript.Exchange e = exchanges.get(next++);
        if (!e.command().matches(command)) {
            throw new AssertionError(script.name() + ":" + e.line() + ": command out of script: sent "
                    + Hex.spaced(command) + ", the script has " + e.command());
        }
        if (e.failure().isPresent()) {
            throw new PcscException(e.failure().get(), "scripted link failure");
        }
        return e.response().get(0).plainBytes().orElseThrow();
    }

    /** How many exchanges have been played. */
    public int played() {
        return next;
    }

    /** Fails unless every exchange of the script was played. */
    public void assertDone() {
        int left = script.exchanges().size() - next;
        if (left > 0) {
            throw new AssertionError(script.name() + ": script not finished: " + left
                    + " exchanges left, the next at line " + script.exchanges().get(next).line());
        }
    }
}
