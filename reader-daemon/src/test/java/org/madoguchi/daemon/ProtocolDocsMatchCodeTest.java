package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.audit.AuditTrail;
import org.madoguchi.daemon.protocol.ErrorCode;
import org.madoguchi.daemon.protocol.MessageType;
import org.madoguchi.daemon.protocol.ProtocolLevel;
import org.madoguchi.daemon.security.Role;
import org.madoguchi.daemon.session.CardKind;
import org.madoguchi.daemon.session.ConsentItem;
import org.madoguchi.daemon.session.DocumentKind;
import org.madoguchi.daemon.session.Method;
import org.madoguchi.daemon.session.Mode;
import org.madoguchi.daemon.session.Notice;
import org.madoguchi.daemon.session.Outcome;
import org.madoguchi.daemon.session.Reason;
import org.madoguchi.daemon.session.SessionState;
import org.madoguchi.daemon.session.Step;
import org.madoguchi.driver.card.TokenKind;
import org.madoguchi.driver.pki.ChainVerdict;
import org.madoguchi.driver.pki.Renewal;
import org.madoguchi.driver.spi.Simulation;

/**
 * The protocol's lists of codes come from the code. The schema files (docs/schema) are the
 * machine-readable source: their enums must equal the daemon's enums. protocol.md's tables for
 * people (codes, states, steps, notices, message types, roles) must list the same, and the JS
 * client's declarations (index.d.ts) must name every message type, code and field the schemas do.
 */
class ProtocolDocsMatchCodeTest {
    private final ProtocolSchemas schemas = ProtocolSchemas.get();

    private static <E extends Enum<E>> Set<String> codes(E[] values, Function<E, String> code) {
        return Arrays.stream(values).map(code).collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> defsEnum(String name) {
        return new TreeSet<>(schemas.enumAt("defs.json", "/$defs/" + name));
    }

    /** Every code list of the daemon, by the name of its enum in defs.json. */
    private static Map<String, Set<String>> codeLists() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("errorCode", codes(ErrorCode.values(), ErrorCode::code));
        m.put("reason", codes(Reason.values(), Reason::code));
        m.put("notice", codes(Notice.values(), Notice::code));
        m.put("sessionState", Arrays.stream(SessionState.values()).filter(s -> !s.terminal()).map(SessionState::code)
                .collect(Collectors.toCollection(TreeSet::new)));
        m.put("step", codes(Step.values(), Step::code));
        m.put("messageType", codes(MessageType.values(), MessageType::wireName));
        m.put("role", codes(Role.values(), Role::code));
        m.put("mode", codes(Mode.values(), Mode::code));
        m.put("method", codes(Method.values(), Method::code));
        m.put("outcome", codes(Outcome.values(), Outcome::code));
        Set<String> kinds = codes(TokenKind.values(), TokenKind::code);
        kinds.add(CardKind.UNREADABLE.code());
        m.put("cardKind", kinds);
        m.put("consentItem", codes(ConsentItem.values(), ConsentItem::code));
        m.put("documentKind", codes(DocumentKind.values(), DocumentKind::code));
        m.put("chain", codes(ChainVerdict.values(), ChainVerdict::code));
        m.put("renewal", codes(Renewal.values(), Renewal::code));
        m.put("audit", codes(AuditTrail.Health.values(), AuditTrail.Health::code));
        m.put("faceOutcome", codes(Simulation.FaceOutcome.values(), Simulation.FaceOutcome::code));
        m.put("fault", codes(Simulation.CardFault.values(), Simulation.CardFault::code));
        return m;
    }

    // ---- schema files ↔ code -------------------------------------------------------------------

    @Test
    void theEnumsOfTheSchemaFilesAreTheDaemonsCodes() {
        List<String> problems = new ArrayList<>();
        codeLists().forEach((name, code) -> {
            Set<String> schema = defsEnum(name);
            if (!schema.equals(code)) {
                problems.add("defs.json#/$defs/" + name + " " + schema + " but the daemon has " + code);
            }
        });
        assertEquals(List.of(), problems);
        assertEquals(ProtocolLevel.CURRENT, schemas.file("welcome.json").at("/properties/protocol/const").asInt());
    }

    @Test
    void theRolesCommandsInTheSchemaAreTheDaemons() {
        for (Role r : Role.values()) {
            assertEquals(codes(r.commands().toArray(MessageType[]::new), MessageType::wireName),
                    new TreeSet<>(schemas.enumAt("client.json", "/$defs/" + r.code() + "Command")), r.code());
        }
        assertEquals(Arrays.stream(MessageType.values()).filter(MessageType::simulationOnly).map(MessageType::wireName)
                .collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(schemas.enumAt("client.json", "/$defs/simCommand")));
    }

    /** client.json and server.json send every type to the schema of that type, and no other. */
    @Test
    void everyMessageTypeHasItsSchema() {
        assertEquals(defsEnum("messageType"), discriminated("client.json"));
        assertEquals(defsEnum("serverType"), discriminated("server.json"));
        for (String type : defsEnum("serverType")) {
            JsonNode file = schemas.file(type + ".json");
            assertEquals(type, file.at("/properties/type/const").asText(), type);
            assertEquals(false, file.path("additionalProperties").asBoolean(true),
                    type + ".json is closed: the daemon sends no field it does not name");
        }
    }

    private Set<String> discriminated(String file) {
        Set<String> types = new TreeSet<>();
        for (JsonNode branch : schemas.file(file).path("allOf")) {
            types.add(branch.at("/if/properties/type/const").asText());
        }
        return types;
    }

    /** Every object the daemon sends, however deep, is closed: a new field must be named in the schemas. */
    @Test
    void everyObjectTheDaemonSendsIsClosed() {
        List<String> open = new ArrayList<>();
        for (String file : List.of("welcome.json", "reader.json", "session.json", "result.json", "service.json",
                "reply.json", "error.json")) {
            objects(schemas.file(file), file + "#", open);
        }
        for (String def : List.of("text", "pin")) {
            objects(schemas.file("defs.json").at("/$defs/" + def), "defs.json#/$defs/" + def, open);
        }
        assertEquals(List.of(), open);
    }

    private static void objects(JsonNode schema, String where, List<String> open) {
        if (schema.isObject()) {
            if ("object".equals(schema.path("type").asText()) && schema.has("properties")
                    && !schema.has("additionalProperties") && !schema.has("unevaluatedProperties")) {
                open.add(where);
            }
            schema.fields().forEachRemaining(e -> objects(e.getValue(), where + "/" + e.getKey(), open));
        } else if (schema.isArray()) {
            for (int i = 0; i < schema.size(); i++) {
                objects(schema.get(i), where + "/" + i, open);
            }
        }
    }

    // ---- protocol.md ↔ code --------------------------------------------------------------------

    private static String resource(String path) throws IOException {
        try (InputStream in = ProtocolDocsMatchCodeTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException(path + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String protocolMd() throws IOException {
        return resource("docs/protocol.md");
    }

    /** The rows (cells, trimmed) of the Markdown table whose header row starts with {@code header}. */
    static List<List<String>> table(String doc, String header) {
        String[] lines = doc.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(header)) {
                List<List<String>> rows = new ArrayList<>();
                for (int j = i + 2; j < lines.length && lines[j].startsWith("|"); j++) {
                    String line = lines[j].strip();
                    List<String> cells = new ArrayList<>();
                    // Split on | outside backticks (a cell may hold `a | b`).
                    StringBuilder cell = new StringBuilder();
                    boolean code = false;
                    for (char c : line.substring(1, line.length() - 1).toCharArray()) {
                        if (c == '`') {
                            code = !code;
                        }
                        if (c == '|' && !code) {
                            cells.add(cell.toString().strip());
                            cell.setLength(0);
                        } else {
                            cell.append(c);
                        }
                    }
                    cells.add(cell.toString().strip());
                    rows.add(cells);
                }
                return rows;
            }
        }
        throw new AssertionError("protocol.md has no table starting with " + header);
    }

    private static final Pattern CODE = Pattern.compile("`([a-z][a-zA-Z0-9_.-]*)`");

    /** The backticked words of a cell. */
    static List<String> backticked(String cell) {
        List<String> words = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            words.add(m.group(1));
        }
        return words;
    }

    private static Set<String> firstColumn(List<List<String>> rows) {
        return rows.stream().flatMap(r -> backticked(r.get(0)).stream()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theCodesTableListsEveryErrorReasonAndNotice() throws IOException {
        List<List<String>> rows = table(protocolMd(), "| code | kind | meaning |");
        for (var kind : List.of(Map.entry("error", "errorCode"), Map.entry("reason", "reason"),
                Map.entry("notice", "notice"))) {
            Set<String> documented = rows.stream().filter(r -> r.get(1).contains(kind.getKey()))
                    .flatMap(r -> backticked(r.get(0)).stream()).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(codeLists().get(kind.getValue()), documented, "protocol.md, codes of kind " + kind.getKey());
        }
    }

    @Test
    void theStatesStepsAndNoticesTablesListTheDaemons() throws IOException {
        String doc = protocolMd();
        assertEquals(codes(SessionState.values(), SessionState::code), firstColumn(table(doc, "| state | meaning |")));
        assertEquals(codes(Step.values(), Step::code), firstColumn(table(doc, "| step | what runs |")));
        assertEquals(codes(Notice.values(), Notice::code), firstColumn(table(doc, "| notice | ")));
    }

    @Test
    void theMessageTablesListEveryTypeOnce() throws IOException {
        String doc = protocolMd();
        List<String> documented = new ArrayList<>();
        Stream.of(table(doc, "| type | fields (besides `type`) | answer |"), table(doc, "| type | fields | does |"))
                .flatMap(List::stream).forEach(r -> documented.add(backticked(r.get(0)).get(0)));
        assertEquals(codes(MessageType.values(), MessageType::wireName), new TreeSet<>(documented));
        assertEquals(MessageType.values().length, documented.size(), () -> "once each: " + documented);
    }

    /** The roles table: every command once, and each role's cell says what Role allows. */
    @Test
    void theRolesTableIsWhatEachRoleMaySend() throws IOException {
        List<List<String>> rows = table(protocolMd(), "| command | `observer` | `kiosk` | `staff` |");
        List<Role> columns = List.of(Role.OBSERVER, Role.KIOSK, Role.STAFF);
        List<String> problems = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        for (List<String> row : rows) {
            for (String command : backticked(row.get(0))) {
                listed.add(command);
                MessageType type = MessageType.of(command).orElse(null);
                if (type == null) {
                    problems.add("no such command: " + command);
                    continue;
                }
                for (int i = 0; i < columns.size(); i++) {
                    String cell = row.get(i + 1);
                    String expected = type.simulationOnly() ? "`--simulate` only"
                            : columns.get(i).commands().contains(type) ? "yes" : "–";
                    if (!cell.equals(expected)) {
                        problems.add(command + " for " + columns.get(i).code() + ": '" + cell + "', the daemon: '"
                                + expected + "'");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(codes(MessageType.values(), MessageType::wireName), new TreeSet<>(listed));
        assertEquals(MessageType.values().length, listed.size(), () -> "once each: " + listed);
    }

    /** protocol.md names every schema file (and the files it names exist) and links the version policy. */
    @Test
    void theProtocolDocLinksEverySchemaFile() throws IOException {
        String doc = protocolMd();
        Set<String> linked = new TreeSet<>();
        Matcher m = Pattern.compile("\\(schema/([a-z]+\\.json)[)#]").matcher(doc);
        while (m.find()) {
            linked.add(m.group(1));
        }
        assertEquals(schemas.files().keySet(), linked);
        String changelog = resource("docs/protocol-changelog.md");
        for (String section : List.of("## Protocol levels", "## Compatible changes (within protocol 1)",
                "## Changes that need protocol 2", "## Changes")) {
            assertTrue(changelog.contains("\n" + section + "\n"), "protocol-changelog.md has a section " + section);
        }
        assertTrue(doc.contains("(protocol-changelog.md"), "protocol.md links the changelog");
    }

    // ---- index.d.ts ↔ schema files --------------------------------------------------------------

    private static String declarations() throws IOException {
        return resource("web/client/index.d.ts").replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }

    /** The string literals of {@code export type NAME = 'a' | 'b' …;}. */
    private static Set<String> union(String dts, String name) {
        Matcher m = Pattern.compile("export type " + name + " = ([^;]*);").matcher(dts);
        assertTrue(m.find(), "index.d.ts declares no type " + name);
        Set<String> values = new TreeSet<>();
        Matcher v = Pattern.compile("'([^']*)'").matcher(m.group(1));
        while (v.find()) {
            values.add(v.group(1));
        }
        return values;
    }

    @Test
    void theJsClientDeclaresEveryCodeOfTheSchemas() throws IOException {
        String dts = declarations();
        Map<String, String> declared = new LinkedHashMap<>();
        declared.put("Role", "role");
        declared.put("Mode", "mode");
        declared.put("CardKind", "cardKind");
        declared.put("SessionState", "sessionState");
        declared.put("Step", "step");
        declared.put("Notice", "notice");
        declared.put("Outcome", "outcome");
        declared.put("Method", "method");
        declared.put("Reason", "reason");
        declared.put("ConsentItem", "consentItem");
        declared.put("DocumentKind", "documentKind");
        declared.put("FaceOutcome", "faceOutcome");
        declared.put("CardFault", "fault");
        declared.put("Chain", "chain");
        declared.put("Renewal", "renewal");
        List<String> problems = new ArrayList<>();
        declared.forEach((ts, schema) -> {
            if (!union(dts, ts).equals(defsEnum(schema))) {
                problems.add("index.d.ts " + ts + " " + union(dts, ts) + ", defs.json " + schema + " " + defsEnum(schema));
            }
        });
        Set<String> errors = defsEnum("errorCode");
        errors.addAll(Set.of("disconnected", "timeout")); // the JS client's own, documented there
        if (!union(dts, "ErrorCode").equals(errors)) {
            problems.add("index.d.ts ErrorCode " + union(dts, "ErrorCode") + ", defs.json errorCode and the client's own "
                    + errors);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theJsClientDeclaresEveryMessageType() throws IOException {
        String dts = declarations();
        Set<String> declared = new TreeSet<>();
        Matcher m = Pattern.compile("type: ('[^']*'(?:\\s*\\|\\s*'[^']*')*)").matcher(dts);
        while (m.find()) {
            Matcher v = Pattern.compile("'([^']*)'").matcher(m.group(1));
            while (v.find()) {
                declared.add(v.group(1));
            }
        }
        Set<String> schema = defsEnum("messageType");
        schema.addAll(defsEnum("serverType"));
        assertEquals(schema, declared);
    }

    /** The top-level fields of {@code export interface NAME … { … }}. */
    private static Set<String> fields(String dts, String name) {
        Matcher m = Pattern.compile("export interface " + name + "\\b[^{]*\\{").matcher(dts);
        assertTrue(m.find(), "index.d.ts declares no interface " + name);
        Set<String> fields = new TreeSet<>();
        int depth = 1;
        StringBuilder word = new StringBuilder();
        for (int i = m.end(); depth > 0; i++) {
            char c = dts.charAt(i);
            if (c == '{' || c == '(' || c == '[' || c == '<') {
                depth++;
            } else if (c == '}' || c == ')' || c == ']' || c == '>') {
                depth--;
            } else if (depth == 1 && (Character.isLetterOrDigit(c) || c == '_')) {
                word.append(c);
                continue;
            } else if (depth == 1 && (c == ':' || c == '?') && word.length() > 0
                    && dts.substring(0, i).matches("(?s).*[;{\\s]" + Pattern.quote(word.toString()))) {
                fields.add(word.toString());
            }
            word.setLength(0);
        }
        return fields;
    }

    private Set<String> properties(String file, String pointer) {
        Set<String> names = new TreeSet<>();
        schemas.file(file).at(pointer + "/properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theJsClientDeclaresEveryFieldTheDaemonSends() throws IOException {
        String dts = declarations();
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        expected.put("WelcomeMessage", properties("welcome.json", ""));
        expected.put("ReaderMessage", properties("reader.json", ""));
        expected.put("CardInfo", properties("reader.json", "/$defs/card"));
        expected.put("PinInfo", properties("defs.json", "/$defs/pin"));
        expected.put("SessionMessage", properties("session.json", ""));
        expected.put("ResultMessage", properties("result.json", ""));
        expected.put("CertificateInfo", properties("result.json", "/$defs/certificate"));
        expected.put("ServiceMessage", properties("service.json", ""));
        expected.put("HistoryEntry", properties("reply.json", "/$defs/historyEntry"));
        expected.put("ErrorMessage", properties("error.json", ""));
        expected.put("Text", properties("defs.json", "/$defs/text"));
        List<String> problems = new ArrayList<>();
        expected.forEach((ts, names) -> {
            if (!fields(dts, ts).equals(names)) {
                problems.add("index.d.ts " + ts + " " + fields(dts, ts) + ", the schema " + names);
            }
        });
        Set<String> reply = fields(dts, "ReplyMessage");
        reply.addAll(fields(dts, "HistoryReply"));
        if (!reply.equals(properties("reply.json", ""))) {
            problems.add("index.d.ts ReplyMessage + HistoryReply " + reply + ", reply.json " + properties("reply.json", ""));
        }
        assertEquals(List.of(), problems);
    }
}
