package org.madoguchi.daemon.security;

import java.util.List;

import org.madoguchi.daemon.config.ClientConfig;

/**
 * The clients a daemon started with {@code --simulate} knows when its configuration names none,
 * so that a developer can try every role at once. Their tokens are public (they are in the docs):
 * they exist only in simulate mode, never on a real reader.
 */
public final class SimulationClients {
    public static final String KIOSK_TOKEN = "simulate-kiosk-token";
    public static final String STAFF_TOKEN = "simulate-staff-token";
    public static final List<ClientConfig> DEFAULT = List.of(
            new ClientConfig("sim-kiosk", KIOSK_TOKEN, "kiosk"),
            new ClientConfig("sim-staff", STAFF_TOKEN, "staff"));

    private SimulationClients() {
    }
}
