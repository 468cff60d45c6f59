package org.madoguchi.daemon.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the audit file goes when the configuration names none: the user's local state directory
 * ({@code %LOCALAPPDATA%\madoguchi} on Windows, {@code ~/Library/Application Support/madoguchi} on
 * macOS, {@code $XDG_STATE_HOME/madoguchi} or {@code ~/.local/state/madoguchi} elsewhere). By default
 * the simulator's sessions go to a file of their own, so that they do not mix with real ones.
 */
public final class AuditFiles {
    /** {@code auditFile: off} turns the audit file off. */
    public static final String OFF = "off";

    /** Words that look like "no audit file" but are not {@code off}: refused rather than taken as file names. */
    private static final java.util.Set<String> LOOKS_OFF = java.util.Set.of("false", "no", "n", "none", "disabled",
            "disable", "0", "f", "nul", "null", "nil", "-");

    private AuditFiles() {
    }

    /**
     * Refuses a setting that would silently mean something else: {@code auditFile: false} or
     * {@code no} would otherwise write to a file named {@code ./false} or {@code ./no}. Only
     * {@code off} turns the file off; any other value is a path ({@code ./no} if that is really meant).
     */
    static void checkSetting(String auditFile) {
        if (auditFile == null || auditFile.equals(OFF)) {
            return;
        }
        String word = auditFile.strip().toLowerCase(Locale.ROOT);
        if (word.equals(OFF) || LOOKS_OFF.contains(word)) {
            throw new IllegalArgumentException("auditFile は「off」(監査ファイルなし)かファイルのパスで指定してください。「"
                    + auditFile + "」は使えません / auditFile must be off (no audit file) or a path; '" + auditFile
                    + "' is neither (write ./" + auditFile.strip() + " if you mean a file of that name)");
        }
    }

    public static Path defaultPath(boolean simulate) {
        return directory().resolve(simulate ? "audit-simulate.jsonl" : "audit.jsonl");
    }

    static Path directory() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String home = System.getProperty("user.home", ".");
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return (local == null || local.isBlank() ? Path.of(home, "AppData", "Local") : Path.of(local))
                    .resolve("madoguchi");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "madoguchi");
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        return (xdg == null || xdg.isBlank() ? Path.of(home, ".local", "state") : Path.of(xdg)).resolve("madoguchi");
    }
}
