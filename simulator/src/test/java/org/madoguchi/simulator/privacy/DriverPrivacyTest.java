package org.madoguchi.simulator.privacy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.madoguchi.driver.apdu.ApduTransport;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.apdu.Transports;
import org.madoguchi.driver.card.CardException;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.Exclusive;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.Secret;
import org.madoguchi.simulator.card.MyNumberCardSim;
import org.madoguchi.simulator.card.Profiles;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * What the driver must never do (docs/card.md §11): no flow selects the 券面事項入力補助AP
 * (where the 個人番号 lives), presents 照合番号A or reads the signature certificate, and no trace
 * shows a PIN or 照合番号B, even with APDU tracing at TRACE.
 */
class DriverPrivacyTest {
    private static final String TEXT_AP = "D3921000310001010408";
    private static final String PIN = "4711";
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger root;
    private Level before;

    @BeforeEach
    void captureTrace() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        before = root.getLevel();
        root.setLevel(Level.TRACE);
        ((Logger) LoggerFactory.getLogger("org.madoguchi")).setLevel(Level.TRACE);
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void restore() {
        root.detachAppender(captured);
        root.setLevel(before);
        ((Logger) LoggerFactory.getLogger("org.madoguchi")).setLevel(Level.DEBUG);
    }

    @Test
    void noFlowTouchesTheIndividualNumberAndNoTraceShowsASecret() throws Exception {
        List<String> sent = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        for (String profile : List.of("default", "pin-last-try", "pin-blocked", "face-only", "under15", "iphone",
                "android", "juki", "not-my-number", "expired-cert", "renewal-due")) {
            MyNumberCardSim sim = Profiles.create(profile);
            ApduTransport recording = command -> {
                sent.add(Hex.of(command));
                return sim.process(command);
            };
            sim.powerOn();
            MyNumberCard card = new MyNumberCard(Transports.standard(recording, "privacy", new LongAdder()),
                    Exclusive.NONE, CardLayout.RSA_2016);
            String codeB = Profiles.get(profile).cardFace().map(p -> p.verificationCodeB()).orElse("12345678901234");
            secrets.add(codeB);
            quietly(card::identify);
            quietly(card::readAuthCertificate);
            quietly(card::readAuthCaCertificate);
            quietly(card::pinStatus);
            quietly(() -> {
                try (Secret s = Secret.authPin("9999".toCharArray())) {
                    return card.verifyPin(s);
                }
            });
            quietly(() -> {
                try (Secret s = Secret.authPin(PIN.toCharArray())) {
                    return card.signChallenge(s, new byte[32]);
                }
            });
            quietly(() -> {
                try (Secret s = Secret.verificationCodeB(codeB.toCharArray())) {
                    return card.readFacePhoto(s);
                }
            });
        }
        assertTrue(sent.size() > 100, "the flows ran (" + sent.size() + " APDUs)");
        for (String c : sent) {
            assertFalse(c.contains(TEXT_AP), "selected the 券面事項入力補助AP: " + c);
            assertFalse(c.startsWith("00A4020C020013") || c.startsWith("00A4020C020014"), "selected a 照合番号A key: " + c);
            assertFalse(c.startsWith("00A4020C020001") || c.startsWith("00B081"), "touched EF 0001: " + c);
            assertFalse(c.startsWith("002000800C"), "a 12-digit VERIFY (照合番号A): " + c);
        }
        List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("00 20 00 80 04 XX XX XX XX")), "VERIFY was traced, masked");
        List<String> forbidden = new ArrayList<>(List.of(PIN, "9999", hexOf(PIN), hexOf("9999"), spaced(hexOf(PIN))));
        for (String b : secrets) {
            forbidden.add(b);
            forbidden.add(hexOf(b));
            forbidden.add(spaced(hexOf(b)));
        }
        for (String line : lines) {
            String upper = line.toUpperCase(Locale.ROOT);
            for (String f : forbidden) {
                assertFalse(upper.contains(f.toUpperCase(Locale.ROOT)), "a trace line shows a secret: " + line);
            }
        }
    }

    @FunctionalInterface
    private interface Flow {
        Object run() throws Exception;
    }

    /** Runs a flow; a card that refuses it (not JPKI, blocked, …) is fine here. */
    private static void quietly(Flow f) throws Exception {
        try {
            f.run();
        } catch (CardException e) {
            // refused by this profile
        }
    }

    private static String hexOf(String ascii) {
        return Hex.of(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static String spaced(String hex) {
        return Hex.spaced(Hex.parse(hex));
    }
}
