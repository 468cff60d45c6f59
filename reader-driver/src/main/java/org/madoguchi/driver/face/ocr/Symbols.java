package org.madoguchi.driver.face.ocr;

import java.util.Arrays;

/** What one line recognition gave: one char per recognised symbol and its confidence (0–100). */
final class Symbols {
    final char[] chars;
    final float[] confidence;
    int length;

    Symbols(int capacity) {
        chars = new char[capacity];
        confidence = new float[capacity];
    }

    void add(char c, float conf) {
        if (length < chars.length) {
            chars[length] = c;
            confidence[length] = conf;
            length++;
        }
    }

    void wipe() {
        Arrays.fill(chars, '\0');
        Arrays.fill(confidence, 0f);
        length = 0;
    }
}
