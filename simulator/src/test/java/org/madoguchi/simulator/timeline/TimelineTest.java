package org.madoguchi.simulator.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.madoguchi.driver.pcsc.ReaderEvent;
import org.madoguchi.driver.pcsc.ReaderMonitor;
import org.madoguchi.simulator.reader.InProcessSimulation;
import org.madoguchi.simulator.reader.SimulatedReaderBackend;

/** The timeline format and its player (onto in-process readers; the vpcd slots are the CLI's). */
class TimelineTest {

    @Test
    void parsesEveryStep() throws Exception {
        Timeline t = Timeline.parse("""
                # a demo
                insert default
                insert pin-blocked 1   # a second reader
                wait 1500
                wait 2s
                wait 250ms
                remove 1

                remove
                """);
        assertEquals(List.of(
                new Timeline.Step.Insert(2, "default", 0),
                new Timeline.Step.Insert(3, "pin-blocked", 1),
                new Timeline.Step.Wait(4, Duration.ofMillis(1500)),
                new Timeline.Step.Wait(5, Duration.ofSeconds(2)),
                new Timeline.Step.Wait(6, Duration.ofMillis(250)),
                new Timeline.Step.Remove(7, 1),
                new Timeline.Step.Remove(9, 0)), t.steps());
    }

    @Test
    void errorsNameTheLine() {
        assertMessage("insert gold-card", "line 1: unknown profile gold-card");
        assertMessage("\ninsert default 16", "line 2: a slot is a number 0-15: 16");
        assertMessage("wait soon", "line 1: a wait is a number of milliseconds: soon");
        assertMessage("wait -5", "line 1: a wait is a number of milliseconds: -5");
        assertMessage("eject", "line 1: unknown step eject (insert, remove and wait only)");
        assertMessage("remove 0 1", "line 1: expected remove [SLOT]");
        assertMessage("insert", "line 1: expected insert PROFILE [SLOT]");
    }

    private static void assertMessage(String text, String english) {
        Timeline.ParseException e = assertThrows(Timeline.ParseException.class, () -> Timeline.parse(text));
        assertTrue(e.getMessage().endsWith(english), e.getMessage());
        assertTrue(e.getMessage().contains("行目"), "Japanese first: " + e.getMessage());
    }

    @Test
    void playsOntoReadersAndTakesEverythingOutAtTheEnd() throws Exception {
        try (InProcessSimulation sim = new InProcessSimulation(new SimulatedReaderBackend(2))) {
            List<ReaderEvent> events = new CopyOnWriteArrayList<>();
            List<String> calls = new ArrayList<>();
            CardSlots slots = new CardSlots() {
                @Override
                public void insert(int slot, String profile) throws Exception {
                    calls.add("insert " + profile + " " + slot);
                    sim.insert("Simulated Reader " + slot, profile);
                }

                @Override
                public void remove(int slot) {
                    calls.add("remove " + slot);
                    sim.simulatedBackend().remove("Simulated Reader " + slot);
                }

                @Override
                public void close() {
                    calls.add("close");
                    sim.simulatedBackend().remove("Simulated Reader 0");
                    sim.simulatedBackend().remove("Simulated Reader 1");
                }
            };
            StringWriter out = new StringWriter();
            try (ReaderMonitor monitor = new ReaderMonitor(sim.backend(), events::add)) {
                monitor.start();
                Thread.sleep(100);
                long t0 = System.nanoTime();
                new TimelinePlayer(slots, new PrintWriter(out)).play(Timeline.parse(
                        "insert default\ninsert android 1\nwait 200\nremove 0\nwait 200\n"));
                assertTrue(System.nanoTime() - t0 >= 400_000_000L, "the waits were waited");
                Thread.sleep(300);
            }
            assertEquals(List.of("insert default 0", "insert android 1", "remove 0", "close"), calls);
            assertTrue(events.contains(new ReaderEvent.CardRemoved("Simulated Reader 1")), events.toString());
            assertEquals(List.of(), sim.backend().readers().stream().filter(r -> r.cardPresent()).toList());
            String log = out.toString();
            assertTrue(log.contains("insert  android → slot 1") && log.contains("終了 / done"), log);
        }
    }
}
