package org.madoguchi.simulator.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.apdu.ResponseApdu;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.Commands;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.TokenKind;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.Disposition;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.ReaderEvent;
import org.madoguchi.driver.pcsc.ReaderMonitor;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.simulator.card.Atrs;
import org.madoguchi.simulator.card.Profiles;

@Timeout(20)
class SimulatedReaderBackendTest {
    private static final String R0 = "Simulated Reader 0";
    private static final String R1 = "Simulated Reader 1";
    private static final String ATR = Hex.of(Atrs.MY_NUMBER_CARD);

    private final SimulatedReaderBackend backend = new SimulatedReaderBackend(2);

    @AfterEach
    void close() {
        backend.close();
    }

    private void insert(String reader, String profile) throws Exception {
        backend.insert(reader, Profiles.create(profile));
    }

    private static String sw(CardConnection c, String apdu) throws PcscException {
        return ResponseApdu.parse(c.transceive(Hex.parse(apdu))).swHex();
    }

    private static PcscError errorOf(PcscCall call) {
        PcscException e = assertThrows(PcscException.class, call::run);
        return e.error();
    }

    @FunctionalInterface
    interface PcscCall {
        void run() throws Exception;
    }

    @Test
    void readersAreNamedAndStartEmpty() throws Exception {
        assertEquals("simulated", backend.id());
        assertEquals(List.of(ReaderState.empty(R0), ReaderState.empty(R1)), backend.readers());
        assertEquals("Simulated Reader 2", backend.addReader());
        assertTrue(backend.removeReader("Simulated Reader 2"));
        assertFalse(backend.removeReader("Simulated Reader 2"));
    }

    @Test
    void awaitChangeSeesInsertAndRemoveFromAnotherThread() throws Exception {
        List<ReaderState> empty = backend.readers();
        CompletableFuture<List<ReaderState>> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return backend.awaitChange(empty, Duration.ofSeconds(10));
            } catch (PcscException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertFalse(waiter.isDone(), "blocks while nothing changes");
        long start = System.nanoTime();
        insert(R1, "default");
        List<ReaderState> after = waiter.get(5, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
        assertEquals(List.of(ReaderState.empty(R0), new ReaderState(R1, true, ATR, 1)), after);

        CompletableFuture<List<ReaderState>> removal = CompletableFuture.supplyAsync(() -> {
            try {
                return backend.awaitChange(after, Duration.ofSeconds(10));
            } catch (PcscException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        backend.remove(R1);
        assertEquals(empty, removal.get(5, TimeUnit.SECONDS));
    }

    @Test
    void awaitChangeReturnsAtOnceWhenAlreadyDifferent() throws Exception {
        insert(R0, "default");
        assertEquals(new ReaderState(R0, true, ATR, 1),
                backend.awaitChange(List.of(), Duration.ofSeconds(10)).get(0));
    }

    @Test
    void awaitChangeTimesOutWithTheSameState() throws Exception {
        List<ReaderState> known = backend.readers();
        long start = System.nanoTime();
        assertEquals(known, backend.awaitChange(known, Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(190));
    }

    @Test
    void cancelWaitWakesTheWaiter() throws Exception {
        List<ReaderState> known = backend.readers();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<List<ReaderState>> waiter = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            try {
                return backend.awaitChange(known, Duration.ofSeconds(30));
            } catch (PcscException e) {
                throw new IllegalStateException(e);
            }
        });
        started.await();
        Thread.sleep(100);
        backend.cancelWait();
        assertEquals(known, waiter.get(5, TimeUnit.SECONDS));
    }

    @Test
    void closeEndsWaitsAndLaterCalls() throws Exception {
        List<ReaderState> known = backend.readers();
        CompletableFuture<List<ReaderState>> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return backend.awaitChange(known, Duration.ofSeconds(30));
            } catch (PcscException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        backend.close();
        waiter.get(5, TimeUnit.SECONDS);
        assertEquals(PcscError.NO_SERVICE, errorOf(backend::readers));
    }

    @Test
    void connectErrors() {
        assertEquals(PcscError.CARD_REMOVED, errorOf(() -> backend.connect(R0, ShareMode.SHARED)));
        assertEquals(PcscError.READER_REMOVED, errorOf(() -> backend.connect("Nope", ShareMode.SHARED)));
    }

    @Test
    void identifyOverAConnection() throws Exception {
        insert(R0, "iphone");
        try (CardConnection c = backend.connect(R0, ShareMode.SHARED)) {
            assertEquals(R0, c.reader());
            assertEquals("T=1", c.protocol());
            assertArrayEquals(Atrs.PHONE, c.atr());
            assertEquals(TokenKind.IPHONE_TOKEN, new MyNumberCard(c, CardLayout.RSA_2016).identify().kind());
        }
    }

    @Test
    void removalKillsTheConnectionEvenAfterReinsertion() throws Exception {
        insert(R0, "default");
        CardConnection c = backend.connect(R0, ShareMode.SHARED);
        assertEquals("9000", sw(c, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
        assertTrue(backend.remove(R0));
        assertFalse(backend.remove(R0));
        assertEquals(PcscError.CARD_REMOVED, errorOf(() -> c.transceive(Commands.pinStatus())));
        insert(R0, "default");
        assertEquals(PcscError.CARD_REMOVED, errorOf(() -> c.transceive(Commands.pinStatus())));
        c.close();
        c.disconnect(Disposition.UNPOWER); // twice does nothing
    }

    @Test
    void readerRemovalKillsTheConnection() throws Exception {
        insert(R1, "default");
        CardConnection c = backend.connect(R1, ShareMode.SHARED);
        assertTrue(backend.removeReader(R1));
        assertEquals(List.of(ReaderState.empty(R0)), backend.readers());
        assertEquals(PcscError.READER_REMOVED, errorOf(() -> c.transceive(Commands.pinStatus())));
    }

    @Test
    void shareModes() throws Exception {
        insert(R0, "default");
        CardConnection exclusive = backend.connect(R0, ShareMode.EXCLUSIVE);
        assertEquals(PcscError.SHARING_VIOLATION, errorOf(() -> backend.connect(R0, ShareMode.SHARED)));
        exclusive.close();
        CardConnection a = backend.connect(R0, ShareMode.SHARED);
        CardConnection b = backend.connect(R0, ShareMode.SHARED);
        assertEquals(PcscError.SHARING_VIOLATION, errorOf(() -> backend.connect(R0, ShareMode.EXCLUSIVE)));
        a.close();
        b.close();
        backend.connect(R0, ShareMode.EXCLUSIVE).close();
    }

    @Test
    void transactionsExcludeOtherConnections() throws Exception {
        insert(R0, "default");
        CardConnection a = backend.connect(R0, ShareMode.SHARED);
        CardConnection b = backend.connect(R0, ShareMode.SHARED);
        a.beginTransaction();
        a.beginTransaction(); // nested begin by the holder is fine
        assertEquals(PcscError.SHARING_VIOLATION, errorOf(() -> b.transceive(Commands.pinStatus())));
        assertEquals(PcscError.TRANSPORT, errorOf(b::endTransaction));
        CountDownLatch bHasIt = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                b.beginTransaction();
                bHasIt.countDown();
            } catch (PcscException e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        assertFalse(bHasIt.await(200, TimeUnit.MILLISECONDS), "b waits for a's transaction");
        sw(a, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01");
        a.endTransaction();
        assertTrue(bHasIt.await(5, TimeUnit.SECONDS));
        assertEquals(PcscError.SHARING_VIOLATION, errorOf(() -> a.transceive(Commands.pinStatus())));
        b.close(); // closing ends its transaction
        sw(a, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01");
        t.join();
    }

    @Test
    void removalEndsAWaitingTransaction() throws Exception {
        insert(R0, "default");
        CardConnection a = backend.connect(R0, ShareMode.SHARED);
        CardConnection b = backend.connect(R0, ShareMode.SHARED);
        a.beginTransaction();
        CompletableFuture<PcscError> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                b.beginTransaction();
                return null;
            } catch (PcscException e) {
                return e.error();
            }
        });
        Thread.sleep(100);
        backend.remove(R0);
        assertEquals(PcscError.CARD_REMOVED, waiting.get(5, TimeUnit.SECONDS));
    }

    @Test
    void dispositions() throws Exception {
        insert(R0, "default");
        CardConnection watcher = backend.connect(R0, ShareMode.SHARED);
        // LEAVE and RESET keep the verified state (docs/card.md §9.3); UNPOWER clears it.
        CardConnection c = backend.connect(R0, ShareMode.SHARED);
        verify(c);
        c.disconnect(Disposition.LEAVE);
        assertEquals("9000", signStatus(backend.connect(R0, ShareMode.SHARED), Disposition.RESET));
        assertEquals(PcscError.CARD_RESET, errorOf(() -> watcher.transceive(Commands.pinStatus())));
        assertEquals("6A82", sw(watcher, "00 A4 02 0C 02 00 17"), "reported once; the reset left the DF");
        assertEquals("9000", signStatus(backend.connect(R0, ShareMode.SHARED), Disposition.UNPOWER));
        assertEquals(PcscError.CARD_RESET, errorOf(() -> watcher.transceive(Commands.pinStatus())));
        assertEquals("6982", signStatus(backend.connect(R0, ShareMode.SHARED), Disposition.LEAVE));
    }

    private static void verify(CardConnection c) throws PcscException {
        assertEquals("9000", sw(c, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
        assertEquals("9000", sw(c, "00 A4 02 0C 02 00 18"));
        assertEquals("9000", sw(c, "00 20 00 80 04 31 32 33 34"));
    }

    /** Signs with the auth key (after re-selecting the DF) and returns the SW. */
    private static String signStatus(CardConnection c, Disposition then) throws PcscException {
        try {
            assertEquals("9000", sw(c, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
            assertEquals("9000", sw(c, "00 A4 02 0C 02 00 17"));
            return sw(c, "80 2A 00 80 33 3031300D060960864801650304020105000420"
                    + "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855 00");
        } finally {
            c.disconnect(then);
        }
    }

    @Test
    void controlIsNotSupported() throws Exception {
        insert(R0, "default");
        try (CardConnection c = backend.connect(R0, ShareMode.SHARED)) {
            PcscException e = assertThrows(PcscException.class, () -> c.control(0x42000C00, new byte[0]));
            assertEquals(PcscError.TRANSPORT, e.error());
            assertTrue(e.getMessage().contains("not supported"));
        }
    }

    @Test
    void closedConnectionRefusesWork() throws Exception {
        insert(R0, "default");
        CardConnection c = backend.connect(R0, ShareMode.SHARED);
        c.close();
        assertEquals(PcscError.TRANSPORT, errorOf(() -> c.transceive(Commands.pinStatus())));
    }

    @Test
    void readerMonitorSeesInsertAndRemove() throws Exception {
        List<ReaderEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch removed = new CountDownLatch(1);
        try (ReaderMonitor monitor = new ReaderMonitor(backend, e -> {
            events.add(e);
            if (e instanceof ReaderEvent.CardRemoved) {
                removed.countDown();
            }
        })) {
            monitor.start();
            Thread.sleep(100);
            insert(R0, "default");
            Thread.sleep(100);
            backend.remove(R0);
            assertTrue(removed.await(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of(new ReaderEvent.ReaderAttached(R0), new ReaderEvent.ReaderAttached(R1),
                new ReaderEvent.CardInserted(R0, ATR), new ReaderEvent.CardRemoved(R0)), events);
    }
}
