package org.madoguchi.daemon;

/**
 * The daemon cannot start. The message is for the operator (Japanese, then English); the exit
 * code is what {@code DaemonMain} returns: 2 for a usage or configuration problem, 1 otherwise.
 */
public class StartupException extends Exception {
    public static final int USAGE = 2;
    public static final int FAILURE = 1;

    private final int exitCode;

    public StartupException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public StartupException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
