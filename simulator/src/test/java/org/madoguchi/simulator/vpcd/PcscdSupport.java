package org.madoguchi.simulator.vpcd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pcsc.ReaderState;

/** Shared by the tests that go through the real pcscd with vsmartcard's vpcd (docs/simulator.md,
 * "pcscd with the vpcd card in CI"). */
final class PcscdSupport {
    static final Path PCSCD_SOCKET = Path.of("/run/pcscd/pcscd.comm");

    private PcscdSupport() {
    }

    /** Skips the test when pcscd is not running, as on a machine without the CI packages. */
    static void assumePcscd() {
        assumeTrue(Files.exists(PCSCD_SOCKET), "pcscd is not running (" + PCSCD_SOCKET + " missing): skipped");
    }

    static String readerName(int slot) {
        return String.format("Virtual PCD 00 %02d", slot);
    }

    /** Waits until the reader exists with the card presence wanted; empty on timeout. */
    static Optional<ReaderState> waitFor(ReaderBackend backend, String reader, boolean present, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ReaderState> known = backend.readers();
        while (true) {
            Optional<ReaderState> match = known.stream()
                    .filter(r -> r.name().equals(reader) && r.cardPresent() == present).findFirst();
            long left = deadline - System.nanoTime();
            if (match.isPresent() || left <= 0) {
                return match;
            }
            known = backend.awaitChange(known, Duration.ofNanos(Math.min(left, 500_000_000L)));
        }
    }
}
