package org.madoguchi.daemon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

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
        for (String c : List.of("chooseMode", "submitPin", "confirmLastTry", "faceCapture", "retryFace")) {
            assertFalse(Role.OBSERVER.allows(c), c);
            assertTrue(Role.KIOSK.allows(c), c);
            assertTrue(Role.STAFF.allows(c), c);
        }
        for (String c : List.of("requestVisual", "confirmVisual", "cancel")) {
            assertFalse(Role.OBSERVER.allows(c), c);
            assertFalse(Role.KIOSK.allows(c), c);
            assertTrue(Role.STAFF.allows(c), c);
        }
        assertTrue(Role.OBSERVER.allows("hello"));
        assertTrue(Role.OBSERVER.allows("ping"));
        assertFalse(Role.STAFF.allows("somethingNew"));
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
