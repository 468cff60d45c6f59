package org.madoguchi.driver.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.madoguchi.driver.apdu.ApduTransport;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;

/**
 * An APDU script: the exchanges between a card and its reader, as text, one line each. The one
 * format of the driver's and the simulator's tests ({@code .apdu} files and text blocks alike):
 *
 * <pre>
 * # a comment, to the end of the line (also after a step)
 * profile default                  which simulated card to take (the simulator's tests; default "default")
 * &gt; 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01   a command APDU
 * &lt; 90 00                          its response
 * &gt; 00 20 00 80
 * &lt; 63 C0 | 69 84                  either answer will do
 * &gt; 80 2A 00 80 *
 * ! card_removed                   instead of a response: the link fails (a PcscError code)
 * </pre>
 *
 * A pattern is a run of hex bytes (spaces optional), {@code *} (any number of bytes) and
 * {@code *N} (exactly N bytes); {@code |} separates alternatives. Two players read a script:
 * <ul>
 * <li>{@link #replay} sends each command to a card (or anything that answers APDUs) and checks each
 * answer against the pattern: commands must be plain bytes, responses may be patterns;</li>
 * <li>{@link #card()} stands in for the card: each command the code under test sends must match the
 * next command pattern, and gets the scripted response, which must be plain bytes (or a link
 * failure).</li>
 * </ul>
 */
public final class ApduScript {
    private final String name;
    private final String profile;
    private final List<Exchange> exchanges;

    /** One element of a pattern. */
    public sealed interface Token {
        /** Bytes that must be there as they are. */
        record Bytes(byte[] value) implements Token {
            public Bytes {
                value = value.clone();
            }

            @Override
            public byte[] value() {
                return value.clone();
            }
        }

        /** {@code count} bytes of any value, or any number of bytes when {@code count} is -1. */
        record Any(int count) implements Token {
        }
    }

    /** A sequence of tokens that a whole APDU must match. */
    public record Pattern(List<Token> tokens) {
        public Pattern {
            tokens = List.copyOf(tokens);
        }

        /** Parses {@code 30 82 *2 * 90 00}, {@code 9000}, {@code *}; throws on anything else. */
        public static Pattern parse(String text) {
            List<Token> tokens = new ArrayList<>();
            for (String t : text.strip().split("\\s+")) {
                if (t.equals("*")) {
                    tokens.add(new Token.Any(-1));
                } else if (t.matches("\\*[0-9]+")) {
                    tokens.add(new Token.Any(Integer.parseInt(t.substring(1))));
                } else if (t.matches("(?:[0-9A-Fa-f]{2})+")) {
                    tokens.add(new Token.Bytes(Hex.parse(t)));
                } else {
                    throw new IllegalArgumentException("bad pattern token " + t);
                }
            }
            return new Pattern(tokens);
        }

        /** The bytes, when the pattern has no wildcard. */
        public Optional<byte[]> plainBytes() {
            StringBuilder hex = new StringBuilder();
            for (Token t : tokens) {
                if (!(t instanceof Token.Bytes b)) {
                    return Optional.empty();
                }
                hex.append(Hex.of(b.value()));
            }
            return Optional.of(Hex.parse(hex.toString()));
        }

        public boolean matches(byte[] apdu) {
            return matches(0, apdu, 0);
        }

        private boolean matches(int ti, byte[] r, int ri) {
            if (ti == tokens.size()) {
                return ri == r.length;
            }
            Token t = tokens.get(ti);
            if (t instanceof Token.Bytes b) {
                byte[] v = b.value();
                return ri + v.length <= r.length && Arrays.equals(v, 0, v.length, r, ri, ri + v.length)
                        && matches(ti + 1, r, ri + v.length);
            }
            int count = ((Token.Any) t).count();
            if (count >= 0) {
                return ri + count <= r.length && matches(ti + 1, r, ri + count);
            }
            for (int k = r.length; k >= ri; k--) {
                if (matches(ti + 1, r, k)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            for (Token t : tokens) {
                if (!s.isEmpty()) {
                    s.append(' ');
                }
                if (t instanceof Token.Bytes b) {
                    s.append(Hex.spaced(b.value()));
                } else {
                    int count = ((Token.Any) t).count();
                    s.append(count < 0 ? "*" : "*" + count);
                }
            }
            return s.toString();
        }
    }

    /**
     * One command and what comes back: the accepted responses, or the link failure instead.
     *
     * @param line     the line of the command, for messages
     * @param command  the command pattern
     * @param response the accepted responses (empty when the link fails)
     * @param failure  the link failure instead of a response
     */
    public record Exchange(int line, Pattern command, List<Pattern> response, Optional<PcscError> failure) {
        public Exchange {
            response = List.copyOf(response);
            Objects.requireNonNull(failure);
        }
    }

    private ApduScript(String name, String profile, List<Exchange> exchanges) {
        this.name = name;
        this.profile = profile;
        this.exchanges = List.copyOf(exchanges);
    }

    /** A script on the class path, e.g. {@code /transcripts/A-detect-and-identify.apdu}; named by its file name. */
    public static ApduScript load(String resource) {
        try (InputStream in = ApduScript.class.getResourceAsStream(resource)) {
            Objects.requireNonNull(in, "no APDU script " + resource);
            return parse(resource.substring(resource.lastIndexOf('/') + 1),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a script; {@code name} prefixes every message. Throws {@link IllegalArgumentException} on a bad line. */
    public static ApduScript parse(String name, String text) {
        String profile = "default";
        List<Exchange> exchanges = new ArrayList<>();
        Pattern pending = null;
        int pendingLine = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (s.isEmpty()) {
                continue;
            }
            String where = name + ":" + (i + 1);
            try {
                if (s.startsWith("profile ")) {
                    profile = s.substring(8).strip();
                } else if (s.startsWith(">")) {
                    if (pending != null) {
                        throw new IllegalArgumentException("two commands without a response");
                    }
                    if (s.contains("|")) {
                        throw new IllegalArgumentException("a command has one form; alternatives are for responses");
                    }
                    pending = Pattern.parse(s.substring(1));
                    pendingLine = i + 1;
                } else if (s.startsWith("<") || s.startsWith("!")) {
                    if (pending == null) {
                        throw new IllegalArgumentException("a response without a command");
                    }
                    if (s.startsWith("<")) {
                        List<Pattern> alternatives = new ArrayList<>();
                        for (String alt : s.substring(1).split("\\|")) {
                            alternatives.add(Pattern.parse(alt));
                        }
                        exchanges.add(new Exchange(pendingLine, pending, alternatives, Optional.empty()));
                    } else {
                        exchanges.add(new Exchange(pendingLine, pending, List.of(),
                                Optional.of(failure(s.substring(1).strip()))));
                    }
                    pending = null;
                } else {
                    throw new IllegalArgumentException("not a step: " + s);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        if (pending != null) {
            throw new IllegalArgumentException(name + ":" + pendingLine + ": a command without a response");
        }
        return new ApduScript(name, profile, exchanges);
    }

    private static PcscError failure(String code) {
        for (PcscError e : PcscError.values()) {
            if (e.code().equals(code.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("not a PC/SC error code: " + code);
    }

    public String name() {
        return name;
    }

    /** The simulated card the script is for ({@code profile NAME}; {@code default} when not given). */
    public String profile() {
        return profile;
    }

    public List<Exchange> exchanges() {
        return exchanges;
    }

    /** Whether {@code apdu} matches one of the alternatives. */
    public static boolean matches(List<Pattern> alternatives, byte[] apdu) {
        return alternatives.stream().anyMatch(p -> p.matches(apdu));
    }

    /**
     * Sends every command through {@code transport} (the card) and checks every answer. Returns a
     * description of the first mismatch ({@code name:line: command header answered …}), or an empty
     * string when everything matched. A link failure the script does not expect is thrown.
     */
    public String replay(ApduTransport transport) throws PcscException {
        for (Exchange e : exchanges) {
            byte[] command = e.command().plainBytes().orElseThrow(() -> new IllegalArgumentException(
                    name + ":" + e.line() + ": a command sent to a card must be plain bytes: " + e.command()));
            byte[] r;
            try {
                r = transport.transceive(command);
            } catch (PcscException failed) {
                if (e.failure().isPresent() && e.failure().get() == failed.error()) {
                    continue;
                }
                throw failed;
            }
            if (e.failure().isPresent()) {
                return name + ":" + e.line() + ": " + header(command) + " answered " + shown(r)
                        + " instead of failing with " + e.failure().get().code();
            }
            if (!matches(e.response(), r)) {
                return name + ":" + e.line() + ": " + header(command) + " answered " + shown(r);
            }
        }
        return "";
    }

    /** A new stand-in for the card that plays this script from its first exchange. */
    public ScriptedCard card() {
        return new ScriptedCard(this);
    }

    static String header(byte[] c) {
        return Hex.spaced(Arrays.copyOf(c, Math.min(4, c.length)));
    }

    static String shown(byte[] r) {
        return r.length > 40 ? Hex.spaced(Arrays.copyOf(r, 20)) + " … (" + r.length + " bytes) … "
                + Hex.spaced(Arrays.copyOfRange(r, r.length - 2, r.length)) : Hex.spaced(r);
    }

    @Override
    public String toString() {
        return "ApduScript[" + name + ", " + exchanges.size() + " exchanges]";
    }
}
