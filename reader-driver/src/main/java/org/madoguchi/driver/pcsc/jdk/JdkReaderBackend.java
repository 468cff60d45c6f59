package org.madoguchi.driver.pcsc.jdk;

import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;

import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.driver.pcsc.ShareMode;

/**
 * The {@code jdk} back-end: javax.smartcardio's PC/SC provider, for environments where JNA cannot
 * load. Known limits (see docs): the provider keeps one PC/SC context per JVM, so a pcscd restart
 * leaves it dead until the JVM restarts; waits cannot be cancelled, so this class waits in short
 * slices; the ATR is unknown until a connection is made; there is no UNPOWER disposition.
 */
public final class JdkReaderBackend implements ReaderBackend {
    /** Longest single native wait; bounds cancel latency and reader-appearance latency. */
    private static final long SLICE_MS = 250;

    private final Object lock = new Object();
    private TerminalFactory factory;
    /** Set by cancelWait(); consumed by the wait it ends, so a cancel just before a wait is not lost. */
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile boolean closed;

    @Override
    public String id() {
        return "jdk";
    }

    private CardTerminals terminals() throws PcscException {
        synchronized (lock) {
            if (factory == null) {
                try {
                    // Never getDefault(): it caches a "None" factory forever if pcscd was down.
                    factory = TerminalFactory.getInstance("PC/SC", null);
                } catch (NoSuchAlgorithmException e) {
                    throw new PcscException(PcscError.NO_SERVICE, "PC/SC provider unavailable: " + e.getMessage(), e);
                }
            }
            return factory.terminals();
        }
    }

    private void forgetFactory() {
        synchronized (lock) {
            factory = null;
        }
    }

    @Override
    public List<ReaderState> readers() throws PcscException {
        CardTerminals terminals = terminals();
        List<CardTerminal> list;
        try {
            list = terminals.list();
        } catch (CardException e) {
            PcscException mapped = JdkErrors.map("list readers", e);
            if (mapped.error() == PcscError.NO_READERS) {
                return List.of();
            }
            if (mapped.error() == PcscError.NO_SERVICE) {
                forgetFactory();
            }
            throw mapped;
        }
        List<ReaderState> states = new ArrayList<>(list.size());
        for (CardTerminal t : list) {
            boolean present;
            try {
                present = t.isCardPresent();
            } catch (CardException e) {
                PcscException mapped = JdkErrors.map("card presence", e);
                if (mapped.error() == PcscError.READER_REMOVED) {
                    continue; // went away between list and status
                }
                throw mapped;
            }
            states.add(new ReaderState(t.getName(), present, ""));
        }
        return List.copyOf(states);
    }

    @Override
    public List<ReaderState> awaitChange(List<ReaderState> known, Duration timeout) throws PcscException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ReaderState> now = readers();
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (!now.equals(known) || left <= 0 || cancelled.getAndSet(false) || closed) {
                return now;
            }
            long slice = Math.min(left, SLICE_MS);
            if (now.isEmpty()) {
                sleep(slice);
            } else {
                try {
                    terminals().waitForChange(slice);
                } catch (CardException | IllegalStateException e) {
                    sleep(slice);
                }
            }
        }
    }

    private static void sleep(long ms) throws PcscException {
        try {
            Thread.sleep(Math.max(1, ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PcscException(PcscError.TIMEOUT, "interrupted while waiting for readers", e);
        }
    }

    @Override
    public void cancelWait() {
        cancelled.set(true);
    }

    @Override
    public CardConnection connect(String reader, ShareMode shareMode) throws PcscException {
        CardTerminal terminal = terminals().getTerminal(reader);
        if (terminal == null) {
            throw new PcscException(PcscError.READER_REMOVED, "no such reader");
        }
        Card card;
        try {
            card = terminal.connect("*");
        } catch (CardException e) {
            throw JdkErrors.map("connect", e);
        }
        boolean exclusive = shareMode == ShareMode.EXCLUSIVE;
        if (exclusive) {
            try {
                card.beginExclusive();
            } catch (CardException e) {
                try {
                    card.disconnect(false);
                } catch (CardException ignored) {
                    // the connection is useless anyway
                }
                throw JdkErrors.map("connect exclusive", e);
            }
        }
        return new JdkCardConnection(terminal, card, exclusive);
    }

    @Override
    public void close() {
        closed = true;
        cancelled.set(true);
    }
}
