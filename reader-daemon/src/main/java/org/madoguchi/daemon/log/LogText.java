package org.madoguchi.daemon.log;

/**
 * Makes a string that came from outside (a client's name, a header, a reader name) safe to put in a
 * log line: it cannot start a new line, move the cursor, change colours, reorder text or fill the
 * disk. Control characters (C0, DEL, C1), line and paragraph separators, bidirectional controls and
 * lone surrogates become {@code \\uXXXX}; quotes and backslashes are escaped; the result is quoted
 * and cut at {@link #MAX} code points.
 */
public final class LogText {
    /** Longest part of an outside string that reaches a log line, in code points. */
    public static final int MAX = 64;

    private LogText() {
    }

    /** {@code "value"}, escaped and bounded; {@code (none)} for null. */
    public static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder(Math.min(value.length(), MAX) + 8).append('"');
        int shown = 0;
        for (int i = 0; i < value.length(); ) {
            if (shown == MAX) {
                return b.append("\"…(").append(value.codePointCount(0, value.length())).append(" chars)").toString();
            }
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            shown++;
            if (cp == '"' || cp == '\\') {
                b.append('\\').appendCodePoint(cp);
            } else if (unsafe(cp)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.append('"').toString();
    }

    private static boolean unsafe(int cp) {
        return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)           // C0, DEL, C1 (ESC, CSI, NEL)
                || cp == 0x2028 || cp == 0x2029                   // line / paragraph separators
                || (cp >= 0x202a && cp <= 0x202e)                 // bidi embeddings and overrides
                || (cp >= 0x2066 && cp <= 0x2069)                 // bidi isolates
                || cp == 0x200e || cp == 0x200f || cp == 0x061c   // direction marks
                || cp == 0xfeff                                   // BOM / zero-width no-break space
                || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE); // lone surrogates
    }
}
