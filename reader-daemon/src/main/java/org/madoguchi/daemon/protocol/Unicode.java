package org.madoguchi.daemon.protocol;

/**
 * String fields are counted in code points, as the JSON Schemas of docs/protocol.md count them
 * (an emoji is one character, not two), and must be well-formed Unicode: a lone surrogate such as
 * {@code "\ud800"} is valid JSON but no text, cannot be encoded as UTF-8, and would come back as
 * {@code "?"} if it were echoed.
 */
final class Unicode {
    private Unicode() {
    }

    /** Whether every surrogate in {@code s} is half of a pair. */
    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is well-formed and holds 1 to {@code max} code points. */
    static boolean fits(String s, int max) {
        return !s.isEmpty() && s.codePointCount(0, s.length()) <= max && wellFormed(s);
    }
}
