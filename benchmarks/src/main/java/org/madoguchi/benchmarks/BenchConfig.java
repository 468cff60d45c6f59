package org.madoguchi.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.madoguchi.daemon.config.ConsentConfig;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.config.LimitsConfig;
import org.madoguchi.daemon.security.SimulationClients;

/**
 * The daemon configuration of the benchmarks: any free port, the simulator's tokens, limits high
 * enough for one client to drive hundreds of sessions and for hundreds of observers, and an audit
 * file in a temporary directory (so the timings include writing and forcing each record), unless
 * {@code -Dbench.audit=off} turns it off to measure what the audit costs.
 */
final class BenchConfig {
    private BenchConfig() {
    }

    static DaemonConfig base() throws IOException {
        Path dir = Files.createTempDirectory("madoguchi-bench");
        dir.toFile().deleteOnExit();
        // The benchmarks measure verification: the consent step (a patient's answers) is off.
        return DaemonConfig.defaults().withPort(0).withConsent(ConsentConfig.OFF)
                .withClients(SimulationClients.DEFAULT)
                // Observers without a token: the fan-out opens hundreds of them.
                .withLimits(new LimitsConfig(100_000, 1_000_000, 1_000).withAnonymousConnections(1_000))
                .withAuditFile("off".equals(System.getProperty("bench.audit"))
                        ? "off" : dir.resolve("audit.jsonl").toString());
    }
}
