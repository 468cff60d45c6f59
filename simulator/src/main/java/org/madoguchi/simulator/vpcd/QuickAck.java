package org.madoguchi.simulator.vpcd;

import java.io.IOException;
import java.net.Socket;

import jdk.net.ExtendedSocketOptions;

/**
 * Re-arms TCP_QUICKACK on a socket where the platform supports it (Linux). The kernel clears the
 * flag by itself, so it is set again before every blocking read (docs/simulator.md, pcscd in CI, pitfall 1).
 */
final class QuickAck {
    private final Socket socket;
    private boolean supported;

    QuickAck(Socket socket) {
        this.socket = socket;
        this.supported = socket.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
    }

    void arm() {
        if (!supported) {
            return;
        }
        try {
            socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
        } catch (IOException | UnsupportedOperationException e) {
            supported = false; // a closed socket fails on the next read anyway
        }
    }
}
