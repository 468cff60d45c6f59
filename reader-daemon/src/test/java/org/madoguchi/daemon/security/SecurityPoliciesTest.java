package org.madoguchi.daemon.security;

import static org.madoguchi.daemon.protocol.MessageType.CANCEL;
import static org.madoguchi.daemon.protocol.MessageType.CHOOSE_MODE;
import static org.madoguchi.daemon.protocol.MessageType.CONFIRM_LAST_TRY;
import static org.madoguchi.daemon.protocol.MessageType.CONFIRM_VISUAL;
import static org.madoguchi.daemon.protocol.MessageType.FACE_CAPTURE;
import static org.madoguchi.daemon.protocol.MessageType.HELLO;
import static org.madoguchi.daemon.protocol.MessageType.PING;
import static org.madoguchi.daemon.protocol.MessageType.REQUEST_VISUAL;
import static org.madoguchi.daemon.protocol.MessageType.RETRY_FACE;
import static org.madoguchi.daemon.protocol.MessageType.SUBMIT_PIN;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.madoguchi.daemon.protocol.MessageType;
import org.junit.jupiter.api.Test;

class SecurityPoliciesTest {
    private final ClientCredentials credentials = new ClientCredentials(List.of(
            new ClientCredentials.Client("reception", "s3cret-staff-token", Role.STAFF),
            new ClientCredentials.Client("kiosk-1", "kiosk-token-0001", Role.KIOSK)));

    @Test
    void tokensGiveTheirRoleAndNothingElseGivesObserver() {
        assertEquals(new ClientCredentials.Identity("reception", Role.STAFF, true),
                credentials.identify(Optional.of("s3cret-staff-token"), "whatever"));
        assertEquals(new ClientCredentials.Identity("kiosk-1", Role.KIOSK, true),
                credentials.identify(Optional.of("kiosk-token-0001"), "k"));
        assertEquals(new ClientCredentials.Identity("web", Role.OBSERVER, false),
                credentials.identify(Optional.of("s3cret-staff-tokem"), "web"));
        assertEquals(Role.OBSERVER, credentials.identify(Optional.empty(), "x").role());
        assertEquals(Role.OBSERVER, credentials.identify(Optional.of(""), "x").role());
        assertFalse(credentials.toString().contains("s3cret"));
    }

    @Test
    void rolesAllowWhatTheDesignSays() {
        for (MessageType c : List.of(CHOOSE_MODE, SUBMIT_PIN, CONFIRM_LAST_TRY, FACE_CAPTURE, RETRY_FACE)) {
            assertFalse(Role.OBSERVER.allows(c), c.wireName());
            assertTrue(Role.KIOSK.allows(c), c.wireName());
            assertTrue(Role.STAFF.allows(c), c.wireName());
        }
        for (MessageType c : List.of(REQUEST_VISUAL, CONFIRM_VISUAL, CANCEL)) {
            assertFalse(Role.OBSERVER.allows(c), c.wireName());
            assertFalse(Role.KIOSK.allows(c), c.wireName());
            assertTrue(Role.STAFF.allows(c), c.wireName());
        }
        assertTrue(Role.OBSERVER.allows(HELLO));
        assertTrue(Role.OBSERVER.allows(PING));
        for (MessageType t : MessageType.values()) {
            // every command the protocol knows is either for some role or a simulator command
            assertTrue(t.simulationOnly() || Role.STAFF.allows(t), t.wireName());
        }
    }

    @Test
    void hostMustNameTheDaemon() {
        RequestOriginPolicy p = new RequestOriginPolicy("127.0.0.1", 43117, List.of());
        assertTrue(p.hostAllowed(Optional.of("127.0.0.1:43117")));
        assertTrue(p.hostAllowed(Optional.of("localhost:43117")));
        assertTrue(p.hostAllowed(Optional.of("LOCALHOST:43117")));
        assertTrue(p.hostAllowed(Optional.of("[::1]:43117")));
        assertFalse(p.hostAllowed(Optional.of("evil.example:43117")), "DNS rebinding");
        assertFalse(p.hostAllowed(Optional.of("127.0.0.1:80")));
        assertFalse(p.hostAllowed(Optional.of("127.0.0.1")));
        assertFalse(p.hostAllowed(Optional.empty()));
    }

    @Test
    void originMustBeAllowedWhenPresent() {
        RequestOriginPolicy p = new RequestOriginPolicy("127.0.0.1", 43117,
                List.of("http://localhost:8080", "https://reception.clinic.example/"));
        assertTrue(p.originAllowed(Optional.empty()), "a non-browser client sends no Origin");
        assertTrue(p.originAllowed(Optional.of("http://localhost:8080")));
        assertTrue(p.originAllowed(Optional.of("https://reception.clinic.example")));
        assertFalse(p.originAllowed(Optional.of("https://evil.example")));
        assertFalse(p.originAllowed(Optional.of("null")));
        assertFalse(p.originAllowed(Optional.of("http://localhost:8081")));
    }

    @Test
    void rateLimiterAllowsABurstThenTheRateAndDisconnectsAFlood() {
        RateLimiter r = new RateLimiter(10, 5, 3);
        long t = 1_000_000_000L;
        for (int i = 0; i < 5; i++) {
            assertEquals(RateLimiter.Verdict.ACCEPT, r.onMessage(t));
        }
        assertEquals(RateLimiter.Verdict.REFUSE, r.onMessage(t));
        t += 100_000_000L; // 100 ms later: one more token
        assertEquals(RateLimiter.Verdict.ACCEPT, r.onMessage(t));
        assertEquals(RateLimiter.Verdict.REFUSE, r.onMessage(t));
        assertEquals(RateLimiter.Verdict.REFUSE, r.onMessage(t));
        assertEquals(RateLimiter.Verdict.REFUSE, r.onMessage(t));
        assertEquals(RateLimiter.Verdict.DISCONNECT, r.onMessage(t));
    }
}
