package org.madoguchi.daemon.session;

import java.util.Optional;

import org.madoguchi.driver.pki.Renewal;

/**
 * Which cards a session may verify at all (docs/protocol.md, "How each card ends"). Decided from
 * what the worker read, before the patient is asked for anything, so no PIN try is spent on a card
 * that cannot succeed.
 */
final class Admission {
    private Admission() {
    }

    /** Why the card must fail at once; empty when it may be verified. */
    record Refusal(Reason reason, Text message) {
    }

    static Optional<Refusal> check(CardFacts facts) {
        if (facts.kind().token().isEmpty()) { // unreadable
            return refuse(Reason.CARD_ERROR);
        }
        switch (facts.kind().token().get()) {
            case NOT_JPKI:
                return refuse(Reason.NOT_MY_NUMBER_CARD);
            case JUKI_CARD:
            case IPHONE_TOKEN:
            case UNKNOWN_JPKI:
                return refuse(Reason.UNSUPPORTED_TOKEN);
            default:
                break;
        }
        if (facts.certificate().isEmpty()) {
            return facts.certificateAfterPin() ? Optional.empty() : refuse(Reason.CARD_ERROR);
        }
        return certificate(facts.certificate().get());
    }

    /** The chain verdict and renewal window (docs/card.md §12: usable up to 3 months after expiry). */
    static Optional<Refusal> certificate(CertificateInfo certificate) {
        var report = certificate.report();
        return switch (report.chain()) {
            case VALID, UNCHECKED -> Optional.empty();
            case EXPIRED -> report.renewal() == Renewal.GRACE ? Optional.empty()
                    : Optional.of(new Refusal(Reason.UNSUPPORTED_TOKEN, Texts.lapsed()));
            case UNTRUSTED -> Optional.of(new Refusal(Reason.NOT_MY_NUMBER_CARD, Texts.untrusted()));
            case NOT_YET_VALID, MALFORMED -> refuse(Reason.CARD_ERROR);
        };
    }

    /** Why PIN is not offered ({@code pin_blocked}, {@code pin_unusable}), or null when it is. */
    static Notice pinNotice(PinCounter pin) {
        if (pin != null && pin.usable()) {
            return null;
        }
        return pin != null && pin.blocked() ? Notice.PIN_BLOCKED : Notice.PIN_UNUSABLE;
    }

    private static Optional<Refusal> refuse(Reason reason) {
        return Optional.of(new Refusal(reason, Texts.reason(reason)));
    }
}
