package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.WsTestClient.readerEvent;
import static org.madoguchi.daemon.WsTestClient.resultOf;
import static org.madoguchi.daemon.WsTestClient.sessionIn;
import static org.madoguchi.daemon.WsTestClient.sessionState;
import static org.madoguchi.daemon.WsTestClient.type;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.readers.StepHook;
import org.madoguchi.daemon.session.CardAction;

/** Cards leaving mid-session, steps that hang, and clients that come back. */
class RemovalAndReconnectTest {
    private DaemonFixture f;

    /** Holds every VERIFY + sign step until released; tells when one is waiting. */
    static final class HoldVerify implements StepHook {
        final CountDownLatch waiting = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void beforeStep(String reader, CardAction action) throws InterruptedException {
            if (action instanceof CardAction.VerifyAndSign) {
                waiting.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
        }
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private WsTestClient start(DaemonSettings settings) throws Exception {
        f = new DaemonFixture(settings);
        return f.client("kiosk");
    }

    private static DaemonSettings simulated() {
        return DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1);
    }

    /** The next card on the reader gets a new session that works. */
    private void nextCardWorks(WsTestClient c, String previous) throws Exception {
        JsonNode choose = f.placeAndChoose(c, R0, "default");
        String session = choose.path("session").asText();
        assertNotEquals(previous, session);
        f.ok(c, "type", "chooseMode", "session", session, "mode", "pin");
        f.submitPin(c, session, "1234");
        assertEquals("verified", c.await(resultOf(session)).path("outcome").asText());
    }

    @Test
    void cardRemovedInPinEntryAbortsAndTheNextCardWorks() throws Exception {
        WsTestClient c = start(simulated());
        String session = f.placeAndChoose(c, R0, "default").path("session").asText();
        f.ok(c, "type", "chooseMode", "session", session, "mode", "pin");
        c.await(sessionState(session, "pin_entry"));
        f.remove(c, R0);
        JsonNode result = c.await(resultOf(session));
        assertEquals("aborted", result.path("outcome").asText());
        assertEquals("card_removed", result.path("reason").asText());
        c.await(readerEvent(R0).and(m -> m.path("card").isNull()));
        assertEquals("bad_state", f.submitPin(c, session, "1234").path("code").asText());
        nextCardWorks(c, session);
    }

    @Test
    void cardRemovedWhileWorkingAbortsAndTheNextCardWorks() throws Exception {
        HoldVerify hold = new HoldVerify();
        WsTestClient c = start(simulated().withHook(hold));
        String session = f.placeAndChoose(c, R0, "default").path("session").asText();
        f.ok(c, "type", "chooseMode", "session", session, "mode", "pin");
        f.submitPin(c, session, "1234");
        assertEquals("verifying_pin", c.await(sessionState(session, "working")).path("step").asText());
        assertTrue(hold.waiting.await(10, TimeUnit.SECONDS));
        f.remove(c, R0);
        JsonNode result = c.await(resultOf(session));
        assertEquals("aborted", result.path("outcome").asText());
        assertEquals("card_removed", result.path("reason").asText());
        hold.release.countDown();
        nextCardWorks(c, session);
        long results = c.seen().stream().filter(type("result").and(m -> session.equals(m.path("session").asText())))
                .count();
        assertEquals(1, results, "exactly one result for the removed card's session");
    }

    @Test
    void aStepThatHangsEndsAsTimeoutAndTheReaderKeepsWorking() throws Exception {
        HoldVerify hold = new HoldVerify();
        WsTestClient c = start(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0)
                .withStepTimeout(Duration.ofMillis(300)), 1).withHook(hold));
        String session = f.placeAndChoose(c, R0, "default").path("session").asText();
        f.ok(c, "type", "chooseMode", "session", session, "mode", "pin");
        f.submitPin(c, session, "1234");
        JsonNode result = c.await(resultOf(session));
        assertEquals("failed", result.path("outcome").asText());
        assertEquals("timeout", result.path("reason").asText());
        f.remove(c, R0);
        hold.release.countDown();
        nextCardWorks(c, session);
    }

    @Test
    void aClientThatReconnectsGetsTheLiveSessionBack() throws Exception {
        WsTestClient first = start(simulated());
        String session = f.placeAndChoose(first, R0, "default").path("session").asText();
        f.ok(first, "type", "chooseMode", "session", session, "mode", "pin");
        f.submitPin(first, session, "9999");
        first.await(sessionState(session, "pin_entry").and(m -> m.path("pin").path("retriesLeft").asInt() == 2));
        first.close();

        WsTestClient again = WsTestClient.connect(f.daemon.baseUrl());
        try {
            JsonNode welcome = again.hello("kiosk-again");
            assertEquals("my_number_card", welcome.path("readers").path(0).path("card").path("kind").asText());
            assertEquals(2, welcome.path("readers").path(0).path("card").path("pin").path("retriesLeft").asInt());
            JsonNode live = again.next();
            assertEquals("session", live.path("type").asText(), live::toString);
            assertEquals(session, live.path("session").asText());
            assertEquals("pin_entry", live.path("state").asText());
            assertEquals(2, live.path("pin").path("retriesLeft").asInt());
            f.submitPin(again, session, "1234");
            assertEquals("verified", again.await(resultOf(session)).path("outcome").asText());
        } finally {
            again.close();
        }
    }

    @Test
    void aFinishedSessionIsNotSentToNewClients() throws Exception {
        WsTestClient c = start(simulated());
        f.insert(c, R0, "not-my-number");
        String session = c.await(sessionIn(R0, "working")).path("session").asText();
        c.await(resultOf(session));
        WsTestClient later = f.client("later");
        later.send("{\"type\":\"ping\",\"id\":\"p\"}");
        JsonNode next = later.next();
        assertEquals("reply", next.path("type").asText(), "welcome is followed by no session: " + next);
    }
}
