package org.madoguchi.driver.pcsc;

import java.time.Duration;
import java.util.List;

/**
 * A source of readers and cards: a PC/SC binding ({@code jdk}, {@code jna}) or the simulator's
 * in-process readers ({@code simulated}). Thread-safe: the reader monitor waits for changes on
 * one thread while reader workers connect and talk to cards on others.
 */
public interface ReaderBackend extends AutoCloseable {

    /** A short name for logs and {@code /health}: {@code jdk}, {@code jna}, {@code simulated}. */
    String id();

    /**
     * The readers attached now, with their card presence. An empty list when no reader is
     * attached (never {@link PcscError#NO_READERS}).
     */
    List<ReaderState> readers() throws PcscException;

    /**
     * Blocks until the readers or their cards differ from {@code known}, the timeout passes, or
     * {@link #cancelWait()} is called; then returns the current state (which may equal
     * {@code known} on timeout or cancel).
     */
    List<ReaderState> awaitChange(List<ReaderState> known, Duration timeout) throws PcscException;

    /** Wakes up a thread blocked in {@link #awaitChange}; used on shutdown. */
    void cancelWait();

    /** Connects to the card in the named reader. */
    CardConnection connect(String reader, ShareMode shareMode) throws PcscException;

    /** Releases everything; blocked waits return. */
    @Override
    void close();
}
