package org.madoguchi.driver.card;

import java.util.Arrays;
import java.util.Optional;

/**
 * Just enough BER-TLV for the card's files: one- and two-byte tags, lengths in short form and in
 * long form ({@code 81 LL}, {@code 82 LL LL}, {@code 83 …}); docs/card.md §3.1: both occur.
 */
public final class BerTlv {
    private BerTlv() {
    }

    /** A tag and where its value lies in the buffer. */
    public record Header(int tag, int headerLength, int valueLength) {
        public int totalLength() {
            return headerLength + valueLength;
        }
    }

    /**
     * Parses the header at {@code offset}; empty when the bytes available do not hold a whole
     * header or the length is malformed.
     */
    public static Optional<Header> header(byte[] buf, int offset, int available) {
        int end = Math.min(buf.length, offset + available);
        int p = offset;
        if (p >= end) {
            return Optional.empty();
        }
        int tag = buf[p++] & 0xFF;
        if ((tag & 0x1F) == 0x1F) { // multi-byte tag: we need at most two bytes
            if (p >= end) {
                return Optional.empty();
            }
            int second = buf[p++] & 0xFF;
            if ((second & 0x80) != 0) {
                return Optional.empty();
            }
            tag = (tag << 8) | second;
        }
        if (p >= end) {
            return Optional.empty();
        }
        int first = buf[p++] & 0xFF;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int n = first & 0x7F;
            if (n == 0 || n > 3 || p + n > end) {
                return Optional.empty();
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (buf[p++] & 0xFF);
            }
        }
        return Optional.of(new Header(tag, p - offset, length));
    }

    /**
     * Finds a tag among the TLVs that fill {@code [from, to)} and returns its value; empty when
     * absent or when a length runs past the end.
     */
    public static Optional<byte[]> find(byte[] buf, int from, int to, int wantedTag) {
        int p = from;
        while (p < to) {
            Optional<Header> h = header(buf, p, to - p);
            if (h.isEmpty() || p + h.get().totalLength() > to) {
                return Optional.empty();
            }
            if (h.get().tag() == wantedTag) {
                int start = p + h.get().headerLength();
                return Optional.of(Arrays.copyOfRange(buf, start, start + h.get().valueLength()));
            }
            p += h.get().totalLength();
        }
        return Optional.empty();
    }
}
