package org.madoguchi.daemon.session;

import java.time.Instant;
import java.util.Optional;

import org.madoguchi.driver.pki.CertificateReport;
import org.madoguchi.driver.pki.ChainVerdict;
import org.madoguchi.driver.pki.Renewal;
import org.madoguchi.driver.card.TokenKind;

/** Card facts and certificates for session tests (no card, no PKI: the session only reads the report). */
final class Facts {
    static final Instant T0 = Instant.parse("2025-11-23T01:00:00Z");
    static final SessionPolicy POLICY = new SessionPolicy(3, 0.55, 3);

    private Facts() {
    }

    static CertificateInfo certificate(ChainVerdict chain, Renewal renewal) {
        return new CertificateInfo(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, new CertificateReport("0A1B",
                "C=JP, O=JPKI-TEST", "C=JP, CN=TEST", T0.minusSeconds(86_400), T0.plusSeconds(86_400 * 365), chain,
                renewal));
    }

    static CertificateInfo valid() {
        return certificate(ChainVerdict.VALID, Renewal.NONE);
    }

    static CardFacts card(PinCounter pin, boolean face) {
        return new CardFacts(CardKind.of(TokenKind.MY_NUMBER_CARD), Optional.of(pin), Optional.of(valid()), false,
                face);
    }

    static CardFacts fresh() {
        return card(PinCounter.remaining(3, 3), true);
    }

    static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    /** The last {@code session} view among a step's outputs, or null. */
    static SessionView lastView(java.util.List<SessionOutput> out) {
        SessionView view = null;
        for (SessionOutput o : out) {
            if (o instanceof SessionOutput.Publish p) {
                view = p.view();
            }
        }
        return view;
    }
}
