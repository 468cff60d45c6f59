package org.madoguchi.simulator.transcript;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.madoguchi.driver.apdu.ApduTransport;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.pcsc.PcscException;

/**
 * An APDU transcript fixture: {@code profile NAME} picks a fresh card, {@code > hex} is a command,
 * the {@code < pattern} after it the expected response. A pattern is hex bytes, {@code *} (any
 * number of bytes) and {@code *N} (exactly N bytes); {@code |} separates accepted alternatives.
 * {@code #} starts a comment.
 */
public record Transcript(String name, String profile, List<Exchange> exchanges) {

    /** One command and what may come back. */
    public record Exchange(int line, byte[] command, List<List<Token>> alternatives) {
    }

    /** One element of a response pattern. */
    public sealed interface Token {
        record Byte(int value) implements Token {
        }

        /** {@code count} bytes of any value, or any number when {@code count} is -1. */
        record Any(int count) implements Token {
        }
    }

    public static Transcript load(String resource) throws IOException {
        try (InputStream in = Transcript.class.getResourceAsStream("/transcripts/" + resource)) {
            Objects.requireNonNull(in, "no transcript " + resource);
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    public static Transcript parse(String name, String text) {
        String profile = "default";
        List<Exchange> exchanges = new ArrayList<>();
        byte[] pending = null;
        int pendingLine = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (s.isEmpty()) {
                continue;
            }
            int n = i + 1;
            if (s.startsWith("profile ")) {
                profile = s.substring(8).strip();
            } else if (s.startsWith(">")) {
                if (pending != null) {
                    throw new IllegalArgumentException(name + ":" + n + ": two commands without a response");
                }
                pending = Hex.parse(s.substring(1));
                pendingLine = n;
            } else if (s.startsWith("<")) {
                if (pending == null) {
                    throw new IllegalArgumentException(name + ":" + n + ": a response without a command");
                }
                List<List<Token>> alternatives = new ArrayList<>();
                for (String alt : s.substring(1).split("\\|")) {
                    alternatives.add(pattern(alt, name + ":" + n));
                }
                exchanges.add(new Exchange(pendingLine, pending, alternatives));
                pending = null;
            } else {
                throw new IllegalArgumentException(name + ":" + n + ": not a step: " + s);
            }
        }
        if (pending != null) {
            throw new IllegalArgumentException(name + ":" + pendingLine + ": a command without a response");
        }
        return new Transcript(name, profile, exchanges);
    }

    private static List<Token> pattern(String text, String where) {
        List<Token> tokens = new ArrayList<>();
        for (String t : text.strip().split("\\s+")) {
            if (t.equals("*")) {
                tokens.add(new Token.Any(-1));
            } else if (t.startsWith("*")) {
                tokens.add(new Token.Any(Integer.parseInt(t.substring(1))));
            } else if (t.matches("[0-9A-Fa-f]{2}")) {
                tokens.add(new Token.Byte(Integer.parseInt(t, 16)));
            } else {
                throw new IllegalArgumentException(where + ": bad pattern token " + t);
            }
        }
        return tokens;
    }

    /** Whether the response matches one of the alternatives. */
    public static boolean matches(List<List<Token>> alternatives, byte[] response) {
        return alternatives.stream().anyMatch(p -> matches(p, 0, response, 0));
    }

    private static boolean matches(List<Token> p, int ti, byte[] r, int ri) {
        if (ti == p.size()) {
            return ri == r.length;
        }
        Token t = p.get(ti);
        if (t instanceof Token.Byte b) {
            return ri < r.length && (r[ri] & 0xFF) == b.value() && matches(p, ti + 1, r, ri + 1);
        }
        int count = ((Token.Any) t).count();
        if (count >= 0) {
            return ri + count <= r.length && matches(p, ti + 1, r, ri + count);
        }
        for (int k = r.length; k >= ri; k--) {
            if (matches(p, ti + 1, r, k)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends every command through {@code transport}; returns a description of the first mismatch,
     * or an empty string when all responses match.
     */
    public String replay(ApduTransport transport) throws PcscException {
        for (Exchange e : exchanges) {
            byte[] r = transport.transceive(e.command().clone());
            if (!matches(e.alternatives(), r)) {
                return name + ":" + e.line() + ": " + header(e.command()) + " answered "
                        + (r.length > 40 ? Hex.spaced(Arrays.copyOf(r, 20)) + " … (" + r.length + " bytes) … "
                                + Hex.spaced(Arrays.copyOfRange(r, r.length - 2, r.length)) : Hex.spaced(r));
            }
        }
        return "";
    }

    private static String header(byte[] c) {
        return Hex.spaced(Arrays.copyOf(c, Math.min(4, c.length)));
    }
}
