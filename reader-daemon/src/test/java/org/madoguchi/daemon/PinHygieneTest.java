package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.IMAGE;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.DaemonFixture.R1;
import static org.madoguchi.daemon.WsTestClient.object;
import static org.madoguchi.daemon.WsTestClient.reply;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.sessionState;
import static org.madoguchi.daemon.WsTestClient.type;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.LimitsConfig;
import org.madoguchi.daemon.readers.StepHook;
import org.madoguchi.daemon.security.SimulationClients;
import org.madoguchi.daemon.session.CardAction;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;

/**
 * PIN hygiene (docs/security.md §1, docs/card.md §11.4): every flow that carries a PIN runs with distinctive PINs
 * while logging is at TRACE, and the PIN's digits appear in no log event (message, arguments,
 * exception with its causes and stack), no message any client received (events, replies, errors),
 * no audit line and not in {@code /metrics} or {@code /health}.
 *
 * <p>How "appears" is searched, so that the check is strict and yet cannot fail by chance:
 * <ul>
 * <li><b>As a delimited token</b> (the digits standing alone, as a log line or JSON would show a
 * leaked PIN): {@code (?<![0-9A-Za-z+/])PIN(?![0-9A-Za-z+/=])}, so the same four digits inside a
 * base64 certificate or signature, a hex APDU trace or a random session id are not a hit. Two more
 * exclusions: a digit run that is part of a decimal number ({@code 0.8642} face scores,
 * {@code 8642.0} metric values), and, in a copy of the text searched only for this form, measured
 * quantities are blanked first: {@code (8642 µs)} APDU times, {@code 1234 bytes} lengths,
 * {@code 1234 ms}, {@code Foo.java:1234} stack line numbers and {@code host:port} addresses. Those
 * are 4-digit numbers that occur by chance in every run (an APDU taking 8642 µs is an everyday
 * thing); the test prints which 4-digit tokens remain after blanking, as evidence.</li>
 * <li><b>As VERIFY data</b>: the PIN's ASCII codes in hex ({@code 8642} → {@code 38363432}),
 * contiguous, or with spaces or colons between the bytes, case-insensitive, anywhere (no blanking).
 * Eight given hex digits do not occur by chance (2<sup>-32</sup> per place).</li>
 * <li><b>As a field</b>: {@code "pin":"8642"}, {@code pin=8642}, {@code pin: 8642}; and as Java
 * would print the digits' arrays ({@code [8, 6, 4, 2]}, {@code [56, 54, 52, 50]}) or base64
 * ({@code ODY0Mg==}).</li>
 * </ul>
 * {@code 1234}, the simulator's one real PIN, gets every form too. Is {@code 1234} as a token
 * flaky? Only through measured numbers (an APDU of 1234 µs, a response of 1234 bytes, line 1234 of
 * a library source file), which are exactly what is blanked; the remaining 4-digit tokens of a run
 * are printed by the test: what remains are years of timestamps and certificate dates (2025…2029)
 * and status words (9000), none of which can be 1234, so the token form is checked for 1234 on
 * every source as well. (The wrong PINs are chosen to be neither years nor status words.)
 */
@Timeout(120)
class PinHygieneTest {
    static final String R2 = "Simulated Reader 2";

    /** The one PIN the simulator's cards accept. */
    static final String REAL = "1234";
    static final String WRONG_1 = "8642";
    static final String WRONG_2 = "9753";
    /** The wrong PIN that blocks the default card after the last-try confirmation. */
    static final String BLOCKING = "7531";
    /** Wrong on another card, before the real PIN verifies it. */
    static final String WRONG_OTHER = "2468";
    /** Sent while the session is still in choose_mode, before the last try is confirmed, after the block. */
    static final String WRONG_STATE = "3579";
    static final String UNKNOWN_SESSION = "1357";
    /** Sent by an observer (forbidden) and before hello (bad_state). */
    static final String NOT_ALLOWED = "5791";
    /** Sent as a number, an array, twice, in broken JSON, in a message too large, over the rate limit. */
    static final String ODD_FORM = "4826";
    /** VERIFY held while the card is removed. */
    static final String HELD = "3197";
    /** VERIFY held past the step timeout. */
    static final String TIMED_OUT = "6037";
    /** Malformed PINs (invalid_pin_format); the 4-digit ones among them are searched as such. */
    static final List<String> MALFORMED = List.of("86420", "8a64", " 8642", "8642 ", "864", "８６４２", "86 42", "");

    /** 照合番号B of the default card, typed by staff (face.cardCode: typed). */
    static final String CODE_B = CardCodeEntryTest.CODE;
    /** A well-formed 照合番号B the card refuses. */
    static final String CODE_B_WRONG = "60040120349876";
    /** A 照合番号B refused locally (month 13: invalid_card_code, no APDU). */
    static final String CODE_B_INVALID = "60130120341593";
    /** A well-formed 照合番号B sent in the wrong state, by an observer, to an unknown session. */
    static final String CODE_B_ELSEWHERE = "61122920357319";

    /** Everything searched for: the 4-digit PINs, the malformed ones long enough to be distinctive, and 照合番号B. */
    static final List<String> SEARCHED = List.of(REAL, WRONG_1, WRONG_2, BLOCKING, WRONG_OTHER, WRONG_STATE,
            UNKNOWN_SESSION, NOT_ALLOWED, ODD_FORM, HELD, TIMED_OUT, "86420", "8a64", "８６４２", CODE_B, CODE_B_WRONG,
            CODE_B_INVALID, CODE_B_ELSEWHERE);

    private final Capture capture = new Capture();
    private final Map<String, Level> savedLevels = new java.util.HashMap<>();

    // ---- log capture ----------------------------------------------------------------------------

    /** One log event, rendered when it happened (arguments may be zeroed arrays later). */
    record Captured(String logger, Level level, String message, List<String> arguments, String throwable,
            String extra) {
        String all() {
            return message + "\n" + String.join("\n", arguments) + "\n" + throwable + "\n" + extra;
        }
    }

    /** Keeps every event reaching the root logger, from any thread. */
    static final class Capture extends AppenderBase<ILoggingEvent> {
        final Queue<Captured> events = new ConcurrentLinkedQueue<>();

        @Override
        protected void append(ILoggingEvent e) {
            List<String> args = new ArrayList<>();
            if (e.getArgumentArray() != null) {
                for (Object a : e.getArgumentArray()) {
                    // A number argument (µs, ms, a count) is searched where it stands in the formatted
                    // message, with its unit; alone it would be a 4-digit token by chance. The code
                    // never holds a PIN as a number, and a number cannot carry the hex or field forms.
                    if (!(a instanceof Number)) {
                        args.add(render(a));
                    }
                }
            }
            IThrowableProxy t = e.getThrowableProxy();
            StringBuilder extra = new StringBuilder();
            extra.append(e.getMDCPropertyMap());
            if (e.getKeyValuePairs() != null) {
                for (KeyValuePair kv : e.getKeyValuePairs()) {
                    extra.append(' ').append(kv.key).append('=').append(render(kv.value));
                }
            }
            if (e.getMarkerList() != null) {
                extra.append(' ').append(e.getMarkerList());
            }
            extra.append(' ').append(e.getMessage()); // the unformatted pattern
            events.add(new Captured(e.getLoggerName(), e.getLevel(), e.getFormattedMessage(), args,
                    t == null ? "" : ThrowableProxyUtil.asString(t), extra.toString()));
        }

        /** An argument as text, arrays included: a leaked char[] or byte[] would show its digits here. */
        static String render(Object a) {
            if (a instanceof char[] chars) {
                return new String(chars) + " " + Arrays.toString(chars);
            }
            if (a instanceof byte[] bytes) {
                return HexFormat.of().formatHex(bytes) + " " + new String(bytes, StandardCharsets.ISO_8859_1) + " "
                        + Arrays.toString(bytes);
            }
            if (a instanceof Object[] array) {
                return Arrays.deepToString(array);
            }
            return String.valueOf(a);
        }
    }

    @BeforeEach
    void traceEverything() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "org.madoguchi", "org.madoguchi.apdu")) {
            Logger logger = context.getLogger(name);
            savedLevels.put(name, logger.getLevel());
            logger.setLevel(Level.TRACE);
        }
        capture.setContext(context);
        capture.setName("pin-hygiene-capture");
        capture.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(capture);
    }

    @AfterEach
    void restoreLogging() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(capture);
        capture.stop();
        savedLevels.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    // ---- the flows --------------------------------------------------------------------------------

    /** Holds the first VERIFY on one reader until released. */
    static final class HoldVerify implements StepHook {
        final String reader;
        final CountDownLatch waiting = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        HoldVerify(String reader) {
            this.reader = reader;
        }

        @Override
        public void beforeStep(String r, CardAction action) throws InterruptedException {
            if (reader.equals(r) && action instanceof CardAction.VerifyAndSign) {
                waiting.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
        }
    }

    /** What the test collected besides the log: every text a client received, audit lines, scrapes. */
    private final List<String[]> texts = new ArrayList<>();

    private void collect(String source, String text) {
        texts.add(new String[] {source, text});
    }

    /** Collects what the daemon of this fixture sent and wrote; before close (which deletes the audit file). */
    private void collectFrom(DaemonFixture f, String name) throws Exception {
        int messages = 0;
        for (WsTestClient c : WsTestClient.connectedTo(f.daemon.baseUrl())) {
            for (String t : c.receivedTexts()) {
                collect(name + " message", t);
                messages++;
            }
        }
        assertTrue(messages > 0, name + ": the clients received messages");
        List<String> audit = Files.readAllLines(f.auditFile, StandardCharsets.UTF_8);
        assertFalse(audit.isEmpty(), name + ": the audit file has lines");
        audit.forEach(line -> collect(name + " audit line", line));
        for (JsonNode line : f.auditLines()) {
            line.forEach(v -> collect(name + " audit value", v.asText()));
        }
        String metrics = f.get("/metrics");
        assertTrue(metrics.contains("madoguchi_pin_failures_total"), name + ": /metrics was scraped");
        collect(name + " /metrics", metrics);
        collect(name + " /health", f.get("/health"));
    }

    @Test
    void noPinAppearsInAnyLogEventAuditLineOrMetricWhileTracing() throws Exception {
        HoldVerify holdOnR2 = new HoldVerify(R2);
        DaemonFixture a = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 3)
                .withHook(holdOnR2));
        try {
            runFlowsOnThreeReaders(a, holdOnR2);
            a.assertAuditTrailMatchesResults(true); // no refused command (observer, early, bad_state) is named
            collectFrom(a, "daemon A");
        } finally {
            holdOnR2.release.countDown();
            a.close(); // checks the audit trail too
        }

        HoldVerify hold = new HoldVerify(R0);
        DaemonFixture b = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0)
                .withStepTimeout(Duration.ofSeconds(2))
                .withLimits(new LimitsConfig(1, 20, LimitsConfig.DEFAULT_CONNECTIONS)), 1).withHook(hold));
        try {
            runTimeoutAndRateLimitFlows(b, hold);
            collectFrom(b, "daemon B");
        } finally {
            hold.release.countDown();
            b.close();
        }

        DaemonFixture c = simulatedWith(org.madoguchi.daemon.config.FaceConfig.CardCode.TYPED);
        try {
            runCardCodeFlows(c);
            collectFrom(c, "daemon C");
        } finally {
            c.close();
        }

        if (cardFrontOcr()) { // 照合番号B read off the card front: misread (the card refuses it), then read right
            DaemonFixture d = simulatedWith(org.madoguchi.daemon.config.FaceConfig.CardCode.CAMERA);
            try {
                runCardFrontFlows(d);
                collectFrom(d, "daemon D");
            } finally {
                d.close();
            }
        }

        List<Captured> events = List.copyOf(capture.events);
        assertNotVacuous(events);
        for (Captured e : events) {
            collect("log " + e.level() + " " + e.logger(), e.all());
        }
        reportNaturalTokens();
        List<String> leaks = new ArrayList<>();
        for (String[] t : texts) {
            for (String pin : SEARCHED) {
                leaks.addAll(findPin(pin, t[0], t[1]));
            }
        }
        assertEquals(List.of(), leaks, "a PIN appears where it must not");
    }

    private void runFlowsOnThreeReaders(DaemonFixture f, HoldVerify holdOnR2) throws Exception {
        WsTestClient staff = f.client("desk");
        WsTestClient kiosk = f.client("kiosk", SimulationClients.KIOSK_TOKEN);
        WsTestClient watcher = f.client("watcher", null);

        // 1. The default card on reader 0: wrong PINs down to the block, and everything refused on the way.
        String s1 = f.placeAndChoose(staff, R0, "default").path("session").asText();
        assertCode("bad_state", f.submitPin(kiosk, s1, WRONG_STATE), "PIN before PIN mode was chosen");
        f.ok(kiosk, "type", "chooseMode", "session", s1, "mode", "pin");
        staff.await(sessionState(s1, "pin_entry"));
        for (String pin : MALFORMED) {
            assertCode("invalid_pin_format", f.submitPin(kiosk, s1, pin), "malformed PIN of length " + pin.length());
        }
        assertCode("bad_request", f.command(kiosk, object("type", "submitPin", "session", s1)
                .put("pin", Integer.parseInt(ODD_FORM))), "a number");
        ObjectNode array = object("type", "submitPin", "session", s1);
        array.putArray("pin").add(ODD_FORM);
        assertCode("bad_request", f.command(kiosk, array), "an array");
        rawExpectingError(kiosk, "{\"type\":\"submitPin\",\"id\":\"dup\",\"session\":\"" + s1 + "\",\"pin\":\""
                + ODD_FORM + "\",\"pin\":\"" + ODD_FORM + "\"}", "bad_request");
        rawExpectingError(kiosk, "{\"type\":\"submitPin\",\"id\":\"trail\",\"session\":\"" + s1 + "\",\"pin\":\""
                + ODD_FORM + "\"} " + ODD_FORM, "bad_request");
        rawExpectingError(kiosk, "{\"type\":\"submitPin\",\"id\":\"cut\",\"session\":\"" + s1 + "\",\"pin\":\""
                + ODD_FORM + "\",", "bad_request");
        String padding = "x".repeat(70 * 1024);
        assertCode("too_large", f.command(kiosk, object("type", "submitPin", "session", s1, "pin", ODD_FORM,
                "pad", padding)), "a submitPin over 64 KiB");
        assertCode("forbidden", f.submitPin(watcher, s1, NOT_ALLOWED), "an observer");
        assertCode("unknown_session", f.submitPin(kiosk, "s-0000000000000000", UNKNOWN_SESSION), "unknown session");
        try (WsTestClient early = WsTestClient.connect(f.daemon.baseUrl())) {
            early.send(object("type", "submitPin", "id", "early", "session", s1, "pin", NOT_ALLOWED));
            assertCode("bad_state", early.await(reply("early")), "before hello");
        }
        assertEquals("reply", f.submitPin(kiosk, s1, WRONG_1).path("type").asText());
        JsonNode two = staff.await(sessionState(s1, "pin_entry").and(retriesLeft(2)));
        assertTrue(two.path("message").path("ja").asText().contains("残り2回"), two::toString);
        assertEquals("reply", f.submitPin(kiosk, s1, WRONG_2).path("type").asText());
        JsonNode last = staff.await(sessionState(s1, "pin_entry").and(retriesLeft(1)));
        assertEquals("pin_last_try", last.path("notice").asText());
        assertCode("bad_state", f.submitPin(kiosk, s1, WRONG_STATE), "the last try is not confirmed yet");
        f.ok(kiosk, "type", "confirmLastTry", "session", s1);
        staff.await(sessionState(s1, "pin_entry").and(m -> m.path("pin").path("lastTryConfirmed").asBoolean()));
        assertEquals("reply", f.submitPin(kiosk, s1, BLOCKING).path("type").asText());
        JsonNode blocked = staff.await(sessionState(s1, "visual_pending"));
        assertEquals("pin_blocked", blocked.path("notice").asText());
        assertCode("bad_state", f.submitPin(kiosk, s1, WRONG_STATE), "PIN after the block");
        f.ok(staff, "type", "confirmVisual", "session", s1, "staff", "受付A", "note", "保険証の写真と照合");
        JsonNode r1 = staff.await(resultOf(s1));
        assertEquals("visual", r1.path("method").asText(), r1::toString);

        // 2. Another card on reader 1: one wrong PIN, then the real one verifies, with a challenge.
        String s2 = f.placeAndChoose(staff, R1, "renewal-due").path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", s2, "mode", "pin");
        staff.await(sessionState(s2, "pin_entry"));
        assertEquals("reply", f.submitPin(kiosk, s2, WRONG_OTHER).path("type").asText());
        staff.await(sessionState(s2, "pin_entry").and(retriesLeft(2)));
        String challenge = Base64.getEncoder().encodeToString("受付 #7".getBytes(StandardCharsets.UTF_8));
        assertEquals("reply", f.command(kiosk, object("type", "submitPin", "session", s2, "pin", REAL,
                "challenge", challenge)).path("type").asText());
        JsonNode r2 = staff.await(resultOf(s2));
        assertEquals("verified", r2.path("outcome").asText(), r2::toString);
        assertEquals("pin", r2.path("method").asText());

        // 3. The Android token on reader 1: the certificate is read after the real PIN.
        String s3 = f.placeAndChoose(staff, R1, "android").path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", s3, "mode", "pin");
        f.submitPin(kiosk, s3, REAL);
        assertEquals("verified", staff.await(resultOf(s3)).path("outcome").asText());

        // 4. Face mode on reader 0: a mismatch, then a match.
        String s4 = f.placeAndChoose(staff, R0, "under15").path("session").asText();
        f.ok(staff, "type", "sim.face", "reader", R0, "outcome", "mismatch");
        f.ok(kiosk, "type", "chooseMode", "session", s4, "mode", "face");
        staff.await(sessionState(s4, "face_in_progress"));
        f.ok(kiosk, "type", "faceCapture", "session", s4, "image", IMAGE);
        staff.await(sessionState(s4, "face_in_progress").and(m -> m.has("notice")));
        f.ok(staff, "type", "sim.face", "reader", R0, "outcome", "match");
        f.ok(kiosk, "type", "retryFace", "session", s4);
        f.ok(kiosk, "type", "faceCapture", "session", s4, "image", IMAGE);
        JsonNode r4 = staff.await(resultOf(s4));
        assertEquals("face", r4.path("method").asText(), r4::toString);

        // 5. Reader 2: the card leaves while its VERIFY is held; the worker carries on afterwards.
        String s5 = f.placeAndChoose(staff, R2, "pin-last-try").path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", s5, "mode", "pin");
        f.ok(kiosk, "type", "confirmLastTry", "session", s5);
        f.submitPin(kiosk, s5, HELD);
        assertTrue(holdOnR2.waiting.await(10, TimeUnit.SECONDS), "the VERIFY is held");
        f.remove(staff, R2);
        assertEquals("card_removed", staff.await(resultOf(s5)).path("reason").asText());
        holdOnR2.release.countDown();

        // 6. A 目視確認 asked for in the middle of PIN entry, after a wrong PIN.
        String s6 = f.placeAndChoose(staff, R2, "renewal-due").path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", s6, "mode", "pin");
        f.submitPin(kiosk, s6, WRONG_1);
        staff.await(sessionState(s6, "pin_entry").and(retriesLeft(2)));
        f.ok(staff, "type", "requestVisual", "session", s6);
        staff.await(sessionState(s6, "visual_pending"));
        assertCode("bad_state", f.submitPin(kiosk, s6, WRONG_STATE), "PIN in visual_pending");
        f.ok(staff, "type", "confirmVisual", "session", s6, "staff", "受付B");
        assertEquals("visual", staff.await(resultOf(s6)).path("method").asText());
        // and one cancelled by staff
        String s7 = f.placeAndChoose(staff, R2, "renewal-due").path("session").asText();
        f.ok(staff, "type", "cancel", "session", s7);
        assertEquals("cancelled", staff.await(resultOf(s7)).path("reason").asText());
    }

    /** 照合番号B typed by staff: wrong, malformed, refused in every way, then right; face verifies. */
    private void runCardCodeFlows(DaemonFixture f) throws Exception {
        WsTestClient staff = f.client("desk");
        WsTestClient kiosk = f.client("kiosk", SimulationClients.KIOSK_TOKEN);
        WsTestClient watcher = f.client("watcher", null);
        String s = f.placeAndChoose(staff, R0, "default").path("session").asText();
        assertCode("bad_state", f.command(staff, "type", "submitCardCode", "session", s, "code", CODE_B_ELSEWHERE),
                "before chooseMode face");
        f.ok(kiosk, "type", "chooseMode", "session", s, "mode", "face");
        kiosk.await(sessionState(s, "card_code_entry"));
        assertCode("invalid_card_code", f.command(staff, "type", "submitCardCode", "session", s, "code",
                CODE_B_INVALID), "month 13");
        assertCode("forbidden", f.command(watcher, "type", "submitCardCode", "session", s, "code", CODE_B_ELSEWHERE),
                "an observer");
        assertCode("unknown_session", f.command(staff, "type", "submitCardCode", "session", "s-none", "code",
                CODE_B_ELSEWHERE), "no such session");
        assertCode("bad_request", f.command(staff, object("type", "submitCardCode", "session", s)
                .put("code", Long.parseLong(CODE_B_ELSEWHERE))), "a number");
        f.ok(staff, "type", "submitCardCode", "session", s, "code", CODE_B_WRONG);
        kiosk.await(sessionState(s, "card_code_entry").and(m -> m.path("cardCode").path("retriesLeft").asInt() == 9));
        f.ok(staff, "type", "submitCardCode", "session", s, "code", CODE_B);
        kiosk.await(sessionState(s, "face_in_progress"));
        assertCode("bad_state", f.command(staff, "type", "submitCardCode", "session", s, "code", CODE_B_ELSEWHERE),
                "after the photo was read");
        f.ok(kiosk, "type", "faceCapture", "session", s, "image", IMAGE);
        assertEquals("verified", kiosk.await(resultOf(s)).path("outcome").asText());
    }

    private static boolean cardFrontOcr() {
        if (!org.madoguchi.simulator.cardfront.CardFrontRenderer.fontAvailable()) {
            return false;
        }
        try {
            org.madoguchi.driver.face.ocr.CardFrontReader.open().close();
            return true;
        } catch (org.madoguchi.driver.face.FaceUnavailableException e) {
            return false;
        }
    }

    /** Photographs of the card front: one whose code the card refuses (CODE_B_WRONG), then the right one. */
    private void runCardFrontFlows(DaemonFixture f) throws Exception {
        var front = org.madoguchi.simulator.cardfront.CardFront.of(
                org.madoguchi.simulator.card.Profiles.get("default").cardFace().orElseThrow());
        var misprinted = new org.madoguchi.simulator.cardfront.CardFront(front.name(), front.address(),
                front.birthDate(), false, front.sex(), front.expiry(), CODE_B_WRONG.substring(10));
        assertEquals(CODE_B_WRONG, misprinted.verificationCodeB());
        WsTestClient kiosk = f.client("kiosk", SimulationClients.KIOSK_TOKEN);
        String s = f.placeAndChoose(kiosk, R0, "default").path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", s, "mode", "face");
        kiosk.await(sessionState(s, "card_code_entry"));
        sendFrontUntilRead(f, kiosk, s, misprinted);
        kiosk.await(sessionState(s, "card_code_entry").and(m -> m.path("cardCode").path("retriesLeft").asInt() == 9));
        f.remove(kiosk, R0);
        kiosk.await(resultOf(s));
        String t = f.placeAndChoose(kiosk, R0, "default").path("session").asText();
        f.ok(kiosk, "type", "chooseMode", "session", t, "mode", "face");
        kiosk.await(sessionState(t, "card_code_entry"));
        sendFrontUntilRead(f, kiosk, t, front);
        kiosk.await(sessionState(t, "face_in_progress"));
        f.ok(kiosk, "type", "faceCapture", "session", t, "image", IMAGE);
        assertEquals("verified", kiosk.await(resultOf(t)).path("outcome").asText());
    }

    private static void sendFrontUntilRead(DaemonFixture f, WsTestClient kiosk, String s,
            org.madoguchi.simulator.cardfront.CardFront card) throws Exception {
        var camera = new org.madoguchi.simulator.cardfront.CardPhotographer(
                org.madoguchi.simulator.cardfront.CardFrontRenderer.create());
        for (int i = 0; i < 5; i++) {
            f.ok(kiosk, "type", "cardFrontCapture", "session", s, "image", java.util.Base64.getEncoder().encodeToString(
                    camera.photograph(card, org.madoguchi.simulator.cardfront.PhotoCondition.CLEAN, 300 + i)));
            JsonNode next = kiosk.await(m -> s.equals(m.path("session").asText()) && ("reading_photo".equals(
                    m.path("step").asText()) || "card_code_entry".equals(m.path("state").asText())));
            if ("reading_photo".equals(next.path("step").asText())) {
                return;
            }
            Thread.sleep(1100);
        }
        throw new AssertionError("five clean photographs of the card front were not read");
    }

    private void runTimeoutAndRateLimitFlows(DaemonFixture f, HoldVerify hold) throws Exception {
        WsTestClient staff = f.client("desk");
        String s = f.placeAndChoose(staff, R0, "default").path("session").asText();
        f.ok(staff, "type", "chooseMode", "session", s, "mode", "pin");
        f.submitPin(staff, s, TIMED_OUT);
        assertTrue(hold.waiting.await(10, TimeUnit.SECONDS), "the VERIFY is held");
        JsonNode timedOut = staff.await(resultOf(s));
        assertEquals("timeout", timedOut.path("reason").asText(), timedOut::toString);
        hold.release.countDown(); // the worker now sends the held VERIFY; its outcome is ignored
        f.remove(staff, R0);

        // A flood of submitPins on a connection of its own: the rate limiter refuses some (1/s, burst 20).
        WsTestClient flooder = f.client("flooder");
        int sent = 30;
        for (int i = 0; i < sent; i++) {
            flooder.send(object("type", "submitPin", "id", "f" + i, "session", s, "pin", ODD_FORM));
        }
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
            codes.add(flooder.await(reply("f" + i).or(type("_closed"))).path("code").asText());
        }
        assertTrue(codes.contains("rate_limited"), "the rate limiter answered: " + codes);
    }

    private static Predicate<JsonNode> retriesLeft(int n) {
        return m -> m.path("pin").path("retriesLeft").asInt() == n;
    }

    /** Sends a text the fixture cannot build (duplicate keys, broken JSON) and waits for the error. */
    private static void rawExpectingError(WsTestClient c, String text, String code) throws Exception {
        c.send(text);
        JsonNode error = c.await(type("error"));
        assertEquals(code, error.path("code").asText(), error::toString);
    }

    private static void assertCode(String code, JsonNode answer, String what) {
        assertEquals("error", answer.path("type").asText(), () -> what + ": " + answer);
        assertEquals(code, answer.path("code").asText(), () -> what + ": " + answer);
    }

    /** The capture really saw TRACE output: masked VERIFY APDUs, and debug lines of refusals. */
    private static void assertNotVacuous(List<Captured> events) {
        assertFalse(events.isEmpty(), "log events were captured");
        long maskedVerifies = events.stream()
                .filter(e -> e.logger().equals("org.madoguchi.apdu") && e.level() == Level.TRACE)
                .filter(e -> e.message().contains("00 20 00 80 04 XX XX XX XX"))
                .count();
        // VERIFYs with data: 8642, 9753, 7531, 2468, 1234 (twice), 8642 again, and the held ones afterwards
        assertTrue(maskedVerifies >= 7, "masked VERIFY APDUs were traced: " + maskedVerifies);
        assertTrue(events.stream().anyMatch(e -> e.logger().equals("org.madoguchi.apdu")
                && e.message().matches(".*00 20 00 [0-9A-F]{2} 0E( XX){14}.*")),
                "the 照合番号B VERIFY of face mode was traced, masked");
        assertTrue(events.stream().anyMatch(e -> e.level() == Level.DEBUG
                && e.message().contains("refused with invalid_pin_format")), "refusals were logged at DEBUG");
        assertTrue(events.stream().anyMatch(e -> e.level() == Level.WARN
                && e.message().contains("did not finish")), "the timeout was logged");
    }

    // ---- the search ---------------------------------------------------------------------------------

    /** Measured quantities and addresses: 4-digit numbers by chance, blanked before the token search. */
    private static final Pattern MEASURED = Pattern.compile(
            "\\d+(?=\\s?(?:µs|us|ns|ms|s|bytes?|B|KiB|MiB)\\b)"
                    + "|(?<=\\.java:)\\d+"
                    + "|(?<=(?:\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|localhost|\\]):)\\d+");

    static String blankMeasured(String text) {
        return MEASURED.matcher(text).replaceAll("N");
    }

    /** The PIN standing alone: not inside base64, hex or an id, and not part of a decimal number. */
    static Pattern token(String pin) {
        return Pattern.compile("(?<![0-9A-Za-z+/])(?<![0-9]\\.)" + Pattern.quote(pin)
                + "(?![0-9A-Za-z+/=])(?!\\.[0-9])");
    }

    static List<Pattern> otherForms(String pin) {
        byte[] ascii = pin.getBytes(StandardCharsets.UTF_8);
        String hex = HexFormat.of().formatHex(ascii);
        List<String> bytes = new ArrayList<>();
        for (int i = 0; i < hex.length(); i += 2) {
            bytes.add(hex.substring(i, i + 2));
        }
        List<Pattern> forms = new ArrayList<>();
        forms.add(Pattern.compile(Pattern.quote(hex), Pattern.CASE_INSENSITIVE));
        forms.add(Pattern.compile(Pattern.quote(String.join(" ", bytes)), Pattern.CASE_INSENSITIVE));
        forms.add(Pattern.compile(Pattern.quote(String.join(":", bytes)), Pattern.CASE_INSENSITIVE));
        forms.add(Pattern.compile("pin[\"']?\\s*[:=]\\s*[\"']?" + Pattern.quote(pin) + "(?![0-9])",
                Pattern.CASE_INSENSITIVE));
        List<String> chars = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < pin.length(); i++) {
            chars.add(String.valueOf(pin.charAt(i)));
            codes.add(String.valueOf((int) pin.charAt(i)));
        }
        forms.add(Pattern.compile(Pattern.quote("[" + String.join(", ", chars) + "]")));
        forms.add(Pattern.compile(Pattern.quote("[" + String.join(", ", codes) + "]")));
        String b64 = Base64.getEncoder().encodeToString(ascii);
        forms.add(Pattern.compile("(?<![0-9A-Za-z+/])" + Pattern.quote(b64)));
        if (!pin.chars().allMatch(c -> c < 128)) {
            forms.add(Pattern.compile(Pattern.quote(pin))); // full-width digits: never by chance
        }
        return forms;
    }

    static List<String> findPin(String pin, String source, String text) {
        List<String> hits = new ArrayList<>();
        Matcher m = token(pin).matcher(blankMeasured(text));
        if (m.find()) {
            hits.add(source + ": PIN " + pin + " as a token: …" + around(blankMeasured(text), m.start()) + "…");
        }
        for (Pattern form : otherForms(pin)) {
            Matcher f = form.matcher(text);
            if (f.find()) {
                hits.add(source + ": PIN " + pin + " as " + form.pattern() + ": …" + around(text, f.start()) + "…");
            }
        }
        return hits;
    }

    private static String around(String text, int at) {
        return text.substring(Math.max(0, at - 80), Math.min(text.length(), at + 80)).replace('\n', '⏎');
    }

    /**
     * Evidence for the token search: which 4-digit tokens occur at all in this run's texts after
     * blanking. None of them may be a PIN (that is the test); if chance numbers showed up here,
     * the blanking would need another rule.
     */
    private void reportNaturalTokens() {
        Pattern any = Pattern.compile("(?<![0-9A-Za-z+/])(?<![0-9]\\.)[0-9]{4}(?![0-9A-Za-z+/=])(?!\\.[0-9])");
        Set<String> found = new TreeSet<>();
        for (String[] t : texts) {
            Matcher m = any.matcher(blankMeasured(t[1]));
            while (m.find()) {
                found.add(m.group());
            }
        }
        System.out.printf(Locale.ROOT, "PinHygieneTest: %d texts searched (%d log events); 4-digit tokens present"
                + " after blanking measured numbers: %s%n", texts.size(), capture.events.size(), found);
    }

    /** The search itself finds what it must and passes over what it must. */
    @Test
    void theSearchFindsAPinAndNotItsLookAlikes() {
        for (String leak : List.of("PIN 8642 entered", "{\"pin\":\"8642\"}", "pin=8642", "00 20 00 80 04 38 36 34 32",
                "0020008004383634329000", "[8, 6, 4, 2]", "[56, 54, 52, 50]", "x ODY0Mg== y", "8642.", "(8642)")) {
            assertFalse(findPin("8642", "sample", leak).isEmpty(), leak);
        }
        for (String lookAlike : List.of("s-08642ab3c", "MIIB8642xyz+/", "score 0.8642", "madoguchi_x 8642.0",
                "SW 9000 (8642 µs)", "< 8642 bytes, SW 9000", "at Foo.bar(Foo.java:8642)", "/127.0.0.1:8642",
                "in 8642 ms", "18642", "86421")) {
            assertEquals(List.of(), findPin("8642", "sample", lookAlike), lookAlike);
        }
    }

    /** A simulated daemon with one reader whose 照合番号B is had as {@code cardCode} says. */
    private static DaemonFixture simulatedWith(org.madoguchi.daemon.config.FaceConfig.CardCode cardCode) throws Exception {
        DaemonConfig config = DaemonConfig.defaults().withPort(0);
        return new DaemonFixture(DaemonSettings.simulated(config.withFace(config.face().withCardCode(cardCode)), 1));
    }
}
