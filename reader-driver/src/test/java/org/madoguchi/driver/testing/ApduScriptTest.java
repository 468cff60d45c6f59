package org.madoguchi.driver.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.madoguchi.driver.apdu.ApduTransport;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;

/** The APDU script format and its two players. */
class ApduScriptTest {
    private static final String SCRIPT = """
            # a comment line
            profile pin-last-try
            > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01   # a comment after a step
            < 90 00
            > 00 20 00 80
            < 63 C1 | 69 84
            > 00 B0 00 00 00
            < 30 82 *2 * 90 00
            > 00 20 00 80 04 31 32 33 34
            ! card_removed
            """;

    @Test
    void parsesProfileCommandsResponsesAlternativesAndFailures() {
        ApduScript s = ApduScript.parse("s", SCRIPT);
        assertEquals("pin-last-try", s.profile());
        assertEquals(4, s.exchanges().size());
        ApduScript.Exchange first = s.exchanges().get(0);
        assertEquals(3, first.line());
        assertArrayEquals(Hex.parse("00A4040C0AD392F000260100000001"), first.command().plainBytes().orElseThrow());
        assertEquals(2, s.exchanges().get(1).response().size());
        assertEquals(Optional.of(PcscError.CARD_REMOVED), s.exchanges().get(3).failure());
        assertEquals("default", ApduScript.parse("t", "> 00 A4\n< 90 00\n").profile());
    }

    @Test
    void patterns() {
        var alternatives = ApduScript.parse("t", "> 00 B0 00 00 00\n< 30 82 *2 * 90 00 | 6B 00\n")
                .exchanges().get(0).response();
        assertTrue(ApduScript.matches(alternatives, Hex.parse("30 82 01 02 90 00")));
        assertTrue(ApduScript.matches(alternatives, Hex.parse("30 82 01 02 AA BB CC 90 00")));
        assertTrue(ApduScript.matches(alternatives, Hex.parse("6B 00")));
        assertFalse(ApduScript.matches(alternatives, Hex.parse("30 82 01 90 00")));
        assertFalse(ApduScript.matches(alternatives, Hex.parse("30 82 01 02 90 01")));
        assertTrue(ApduScript.Pattern.parse("3082 *2 9000").matches(Hex.parse("30 82 AA BB 90 00")), "hex runs");
        assertEquals("30 82 *2 * 90 00", ApduScript.Pattern.parse("3082 *2 * 9000").toString());
    }

    @Test
    void badScriptsNameTheLine() {
        assertThrows(IllegalArgumentException.class, () -> ApduScript.parse("t", "< 90 00\n"));
        assertThrows(IllegalArgumentException.class, () -> ApduScript.parse("t", "> 00 A4\n> 00 A4\n"));
        assertThrows(IllegalArgumentException.class, () -> ApduScript.parse("t", "> 00 A4\n"));
        assertThrows(IllegalArgumentException.class, () -> ApduScript.parse("t", "> 00 A4\n< 9Z\n"));
        assertThrows(IllegalArgumentException.class, () -> ApduScript.parse("t", "> 00 A4\n< 900\n"));
        assertThrows(IllegalArgumentException.class, () -> ApduScript.parse("t", "> 00 A4 | 00 B0\n< 90 00\n"));
        assertThrows(IllegalArgumentException.class, () -> ApduScript.parse("t", "> 00 A4\n! unplugged\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApduScript.parse("t", "# one\n> 00 A4\nsay hello\n"));
        assertTrue(e.getMessage().startsWith("t:3: "), e.getMessage());
    }

    /** A card that gives these answers, in order. */
    private static ApduTransport answers(String... responses) {
        int[] next = {0};
        return c -> Hex.parse(responses[next[0]++]);
    }

    @Test
    void replayChecksEveryAnswerAndNamesTheFirstMismatch() throws Exception {
        ApduScript s = ApduScript.parse("s", SCRIPT);
        List<String> sent = new ArrayList<>();
        assertEquals("", s.replay(c -> {
            sent.add(Hex.spaced(c));
            return switch (sent.size()) {
                case 1 -> Hex.parse("90 00");
                case 2 -> Hex.parse("69 84");
                case 3 -> Hex.parse("30 82 00 01 55 90 00");
                default -> throw new PcscException(PcscError.CARD_REMOVED, "gone");
            };
        }));
        assertEquals(4, sent.size());
        assertEquals("s:5: 00 20 00 80 answered 90 00", s.replay(answers("90 00", "90 00")));
        assertEquals("s:9: 00 20 00 80 answered 90 00 instead of failing with card_removed",
                s.replay(answers("90 00", "63 C1", "30 82 00 00 90 00", "90 00")));
        PcscException unexpected = assertThrows(PcscException.class,
                () -> s.replay(c -> { throw new PcscException(PcscError.TRANSPORT, "torn"); }));
        assertEquals(PcscError.TRANSPORT, unexpected.error());
        assertThrows(IllegalArgumentException.class,
                () -> ApduScript.parse("t", "> 00 B0 *\n< 90 00\n").replay(c -> Hex.parse("90 00")));
    }

    @Test
    void theCardPlaysResponsesAndFailsOnACommandOutOfScript() throws Exception {
        ScriptedCard card = ApduScript.parse("card", """
                > 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01
                < 90 00
                > 80 2A 00 80 *          # any signing input
                < 5A5A 90 00
                > 00 20 00 80 04 *4
                ! transport
                """).card();
        assertArrayEquals(Hex.parse("90 00"), card.transceive(Hex.parse("00A4040C0AD392F000260100000001")));
        AssertionError early = assertThrows(AssertionError.class, card::assertDone);
        assertTrue(early.getMessage().contains("2 exchanges left, the next at line 3"), early.getMessage());
        assertArrayEquals(Hex.parse("5A 5A 90 00"), card.transceive(Hex.parse("80 2A 00 80 03 01 02 03 00")));
        assertEquals(PcscError.TRANSPORT,
                assertThrows(PcscException.class, () -> card.transceive(Hex.parse("00 20 00 80 04 31 32 33 34")))
                        .error());
        card.assertDone();
        assertEquals(3, card.played());
        AssertionError extra = assertThrows(AssertionError.class, () -> card.transceive(Hex.parse("00 A4")));
        assertTrue(extra.getMessage().contains("unexpected extra command 00 A4"), extra.getMessage());

        ScriptedCard other = ApduScript.parse("other", "> 00 A4 04 0C\n< 90 00\n").card();
        AssertionError wrong = assertThrows(AssertionError.class, () -> other.transceive(Hex.parse("00 A4 02 0C")));
        assertTrue(wrong.getMessage().startsWith("other:1: command out of script"), wrong.getMessage());
    }

    @Test
    void aCardAnswersWithPlainBytesOnly() {
        assertThrows(IllegalArgumentException.class, () -> ApduScript.parse("t", "> 00 A4\n< *2 90 00\n").card());
        assertThrows(IllegalArgumentException.class, () -> ApduScript.parse("t", "> 00 A4\n< 90 00 | 6A 82\n").card());
    }
}
