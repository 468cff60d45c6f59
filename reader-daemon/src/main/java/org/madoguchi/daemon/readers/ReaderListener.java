package org.madoguchi.daemon.readers;

/**
 * Receives reader status changes from the {@link ReaderHub}. Called with the hub's lock held, so
 * every listener sees every change in the same order; an implementation must not block (hand the
 * status to a queue or an asynchronous write) and must not call back into the hub.
 */
@FunctionalInterface
public interface ReaderListener {
    void onReader(ReaderStatus status);
}
