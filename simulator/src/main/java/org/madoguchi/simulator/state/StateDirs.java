package org.madoguchi.simulator.state;

import java.nio.file.Path;
import java.util.Map;

/** Where the simulator keeps card state by default. */
public final class StateDirs {
    private StateDirs() {
    }

    /** {@code $XDG_STATE_HOME/madoguchi-simulator}, else {@code ~/.local/state/madoguchi-simulator}. */
    public static Path defaultDir() {
        return defaultDir(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultDir(Map<String, String> env, String home) {
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(home, ".local", "state");
        return base.resolve("madoguchi-simulator");
    }
}
