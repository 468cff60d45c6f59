package org.madoguchi.daemon;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * One test connection's messages checked against {@code docs/schema} ({@link ProtocolSchemas}):
 *
 * <ul>
 * <li>every message the daemon sends must match {@code server.json};</li>
 * <li>every message the daemon accepts must match {@code client.json}: a command answered
 * {@code reply}, and the {@code hello} answered {@code welcome}. Tests send broken messages on
 * purpose, so a client message is not judged when it goes out, only once the daemon has taken
 * it (a message the schemas refuse must have been refused by the daemon too).</li>
 * </ul>
 *
 * Violations are collected (the connection's reading thread finds them) and handed to the test
 * thread by {@link #takeViolations}. Thread-safe.
 */
final class SchemaCheck {
    /**
     * A client message sent and not yet answered. It is validated only when that matters (when the
     * daemon accepted it, or to tell apart messages with the same id): most messages tests send on
     * purpose are refused, and validating a 1 MiB capture against its base64 pattern takes a while.
     */
    private final class Sent {
        private final String text;
        private List<String> violations;

        Sent(String text) {
            this.text = text;
        }

        List<String> violations() {
            if (violations == null) {
                try {
                    violations = schemas.clientViolations(EXACT.readTree(text));
                } catch (Exception | StackOverflowError e) {
                    violations = List.of(); // too odd for the validator: judged by the daemon's answer alone
                }
            }
            return violations;
        }

        boolean valid() {
            return violations().isEmpty();
        }
    }

    /** Numbers as written (1e999 is no infinite double), as a schema validator should see them. */
    static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final ProtocolSchemas schemas = ProtocolSchemas.get();
    private final String connection;
    /** Commands sent by id, in order; an id may be used more than once. */
    private final Map<String, Deque<Sent>> commands = new HashMap<>();
    /** Hellos sent since the last welcome. */
    private final List<Sent> hellos = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private int messages;

    /** @param connection how failures name the connection */
    SchemaCheck(String connection) {
        this.connection = connection;
    }

    /** A client message about to go out; {@code text} need not be JSON (then the daemon refuses it). */
    synchronized void sent(String text) {
        JsonNode m;
        try {
            m = EXACT.readTree(text);
        } catch (Exception e) {
            return; // not JSON: the daemon refuses it
        }
        if (m == null || !m.isObject()) {
            return;
        }
        Sent s = new Sent(text);
        if ("hello".equals(m.path("type").textValue())) {
            hellos.add(s);
        } else if (m.path("id").isTextual()) {
            commands.computeIfAbsent(m.path("id").textValue(), k -> new ArrayDeque<>()).add(s);
        }
    }

    /** A message from the daemon, as text and parsed (null when it is not JSON). */
    synchronized void received(String text, JsonNode m) {
        messages++;
        if (m == null || !m.isObject()) {
            violations.add(connection + ": the daemon sent something that is not a JSON object: " + text);
            return;
        }
        List<String> v = schemas.serverViolations(m);
        if (!v.isEmpty()) {
            violations.add(connection + ": a daemon → client message does not match docs/schema/server.json:\n    "
                    + String.join("\n    ", v) + "\n  message: " + text);
        }
        String type = m.path("type").asText();
        if (type.equals("welcome")) {
            if (!hellos.isEmpty() && hellos.stream().noneMatch(Sent::valid)) {
                accepted("hello", hellos.get(hellos.size() - 1));
            }
            hellos.clear();
        } else if ((type.equals("reply") || type.equals("error")) && m.path("id").isTextual()) {
            Deque<Sent> pending = commands.get(m.path("id").textValue());
            if (pending == null || pending.isEmpty()) {
                return; // sent some other way (not through this connection's send methods)
            }
            if (pending.size() == 1) {
                Sent s = pending.removeFirst();
                if (type.equals("reply") && !s.valid()) {
                    accepted("reply", s);
                }
            } else if (type.equals("reply")) {
                Sent s = take(pending, true);
                if (s == null) {
                    accepted("reply", pending.removeFirst());
                }
            } else if (take(pending, false) == null) {
                pending.removeFirst();
            }
        }
    }

    /** The first pending message that is valid (or not), removed; null when there is none. */
    private static Sent take(Deque<Sent> pending, boolean valid) {
        for (Iterator<Sent> i = pending.iterator(); i.hasNext();) {
            Sent s = i.next();
            if (s.valid() == valid) {
                i.remove();
                return s;
            }
        }
        return null;
    }

    private void accepted(String answer, Sent s) {
        violations.add(connection + ": the daemon answered " + answer + " to a message that does not match"
                + " docs/schema/client.json (the schema or the daemon's checks are wrong):\n    "
                + String.join("\n    ", s.violations()) + "\n  message: " + shorten(s.text));
    }

    /** The violations found since the last call (each is handed out once). */
    synchronized List<String> takeViolations() {
        List<String> v = List.copyOf(violations);
        violations.clear();
        return v;
    }

    /** How many daemon messages were checked. */
    synchronized int checked() {
        return messages;
    }

    /** Fails with every violation found so far, if any. */
    void assertNone() {
        List<String> v = takeViolations();
        if (!v.isEmpty()) {
            throw new AssertionError(v.size() + " schema violation(s):\n  " + String.join("\n  ", v));
        }
    }

    private static String shorten(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "… (" + text.length() + " characters)";
    }
}
