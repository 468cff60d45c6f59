package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.madoguchi.daemon.DaemonFixture.R0;
import static org.madoguchi.daemon.DaemonFixture.R1;
import static org.madoguchi.daemon.WsTestClient.resultOn;
import static org.madoguchi.daemon.WsTestClient.sessionIn;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.audit.AuditTrail;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.session.SessionResult;

/**
 * The audit record is on disk before its {@code result} goes out, but nothing else waits for the
 * disk: while one reader's record hangs (a disk that stalls), the other reader's session runs, and
 * the stalled reader's later events wait behind its result, in order.
 */
class SlowAuditDiskTest {

    /** Holds the records of one reader until the gate opens. */
    private static final class StalledDisk implements AuditTrail {
        final AuditTrail disk;
        final CompletableFuture<Void> gate = new CompletableFuture<>();

        StalledDisk(AuditTrail disk) {
            this.disk = disk;
        }

        @Override
        public CompletionStage<Void> record(SessionResult result, List<String> clients) {
            if (!result.reader().equals(R0)) {
                return disk.record(result, clients);
            }
            return gate.thenCompose(v -> disk.record(result, clients));
        }

        @Override
        public Health health() {
            return disk.health();
        }
    }

    @Test
    void aStalledRecordHoldsItsOwnReaderOnly() throws Exception {
        StalledDisk[] stalled = new StalledDisk[1];
        DaemonSettings settings = DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 2)
                .withAuditWrapper(t -> stalled[0] = new StalledDisk(t));
        try (DaemonFixture f = new DaemonFixture(settings)) {
            WsTestClient staff = f.client("staff");
            String s0 = f.placeAndChoose(staff, R0, "default").path("session").asText();
            f.ok(staff, "type", "chooseMode", "session", s0, "mode", "pin");
            staff.await(sessionIn(R0, "pin_entry"));
            f.submitPin(staff, s0, "1234");
            // The session has ended (the metric says so) but its result waits for the disk.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (MetricsAndHealthTest.metric(f.get("/metrics"), "madoguchi_sessions_total{method=\"pin\",outcome=\"verified\"") < 1) {
                assertTrue(System.nanoTime() < deadline, "the PIN session did not finish");
                Thread.sleep(20);
            }
            f.remove(staff, R0); // the card leaves while its record is stuck

            // Reader 1 goes on as if nothing were wrong.
            JsonNode other = f.placeAndChoose(staff, R1, "default");
            assertEquals(R1, other.path("reader").asText());
            Thread.sleep(Duration.ofMillis(300).toMillis());
            assertTrue(staff.received().stream().noneMatch(resultOn(R0)), "no result before its audit record is on disk");

            stalled[0].gate.complete(null);
            JsonNode result = staff.await(resultOn(R0));
            assertEquals("verified", result.path("outcome").asText(), result::toString);
            staff.await(m -> m.path("type").asText().equals("reader") && R0.equals(m.path("reader").asText())
                    && m.path("card").isNull());

            // Reader 0's events came in their order: the result before the card's removal.
            List<JsonNode> r0 = staff.received().stream().filter(m -> R0.equals(m.path("reader").asText())).toList();
            int resultAt = indexOf(r0, m -> m.path("type").asText().equals("result"));
            int removedAt = indexOf(r0, m -> m.path("type").asText().equals("reader") && m.path("card").isNull()
                    && r0.indexOf(m) > 0);
            assertTrue(resultAt >= 0 && removedAt > resultAt, "result, then the removal: " + r0);
            int r1Ready = indexOf(staff.received(), m -> R1.equals(m.path("reader").asText())
                    && "choose_mode".equals(m.path("state").asText()));
            int r0Result = indexOf(staff.received(), m -> m == result);
            assertTrue(r1Ready < r0Result, "reader 1's session did not wait for reader 0's disk");
        }
    }

    private static int indexOf(List<JsonNode> list, java.util.function.Predicate<JsonNode> p) {
        for (int i = 0; i < list.size(); i++) {
            if (p.test(list.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
