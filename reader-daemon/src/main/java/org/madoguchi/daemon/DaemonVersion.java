package org.madoguchi.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The daemon's version, from the Maven metadata packaged in the jar; {@code dev} when run from classes. */
public final class DaemonVersion {
    private static final String POM_PROPERTIES = "/META-INF/maven/org.madoguchi/reader-daemon/pom.properties";
    private static final String VERSION = read();

    private DaemonVersion() {
    }

    public static String current() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = DaemonVersion.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException e) {
            // fall through: the version is informative only
        }
        return "dev";
    }
}
