package org.madoguchi.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.Disposition;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.driver.pcsc.ShareMode;

/**
 * A reader back-end that adds up the time spent inside the card ({@code transceive}, transactions,
 * connect and disconnect): "the card's own time", to be subtracted from the daemon's latency.
 */
final class DaemonBenchTimedBackend implements ReaderBackend {
    private final ReaderBackend next;
    final LongAdder cardNanos = new LongAdder();
    final LongAdder apdus = new LongAdder();

    DaemonBenchTimedBackend(ReaderBackend next) {
        this.next = next;
    }

    @Override
    public String id() {
        return next.id();
    }

    @Override
    public List<ReaderState> readers() throws PcscException {
        return next.readers();
    }

    @Override
    public List<ReaderState> awaitChange(List<ReaderState> known, Duration timeout) throws PcscException {
        return next.awaitChange(known, timeout);
    }

    @Override
    public void cancelWait() {
        next.cancelWait();
    }

    @Override
    public CardConnection connect(String reader, ShareMode shareMode) throws PcscException {
        long t = System.nanoTime();
        try {
            return new Timed(next.connect(reader, shareMode));
        } finally {
            cardNanos.add(System.nanoTime() - t);
        }
    }

    @Override
    public void close() {
        next.close();
    }

    private final class Timed implements CardConnection {
        private final CardConnection c;

        Timed(CardConnection c) {
            this.c = c;
        }

        @Override
        public String reader() {
            return c.reader();
        }

        @Override
        public byte[] atr() {
            return c.atr();
        }

        @Override
        public String protocol() {
            return c.protocol();
        }

        @Override
        public byte[] transceive(byte[] command) throws PcscException {
            long t = System.nanoTime();
            try {
                return c.transceive(command);
            } finally {
                cardNanos.add(System.nanoTime() - t);
                apdus.increment();
            }
        }

        @Override
        public void beginTransaction() throws PcscException {
            long t = System.nanoTime();
            try {
                c.beginTransaction();
            } finally {
                cardNanos.add(System.nanoTime() - t);
            }
        }

        @Override
        public void endTransaction() throws PcscException {
            long t = System.nanoTime();
            try {
                c.endTransaction();
            } finally {
                cardNanos.add(System.nanoTime() - t);
            }
        }

        @Override
        public byte[] control(int controlCode, byte[] command) throws PcscException {
            return c.control(controlCode, command);
        }

        @Override
        public void disconnect(Disposition disposition) throws PcscException {
            c.disconnect(disposition);
        }

        @Override
        public void close() {
            c.close();
        }
    }
}
