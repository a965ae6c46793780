package io.portico.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the build wrote into {@code io/portico/server/build.properties} (the antrun step of
 * proxy-server's pom): the version, the commit ({@code git describe --always --dirty}, or the
 * {@code portico.commit} property given to Maven, e.g. by the Dockerfile) and the build time in UTC.
 * Each is {@code "unknown"} when the build could not tell (classes run without the file).
 */
record BuildInfo(String version, String commit, String date) {
    private static final String UNKNOWN = "unknown";

    static BuildInfo current() {
        return Holder.CURRENT;
    }

    private static final class Holder {
        static final BuildInfo CURRENT = read();
    }

    private static BuildInfo read() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = p.getProperty("version", "");
        if (version.isBlank()) {
            String manifest = BuildInfo.class.getPackage().getImplementationVersion();
            version = manifest == null ? "dev" : manifest;
        }
        return new BuildInfo(version, known(p.getProperty("commit")), known(p.getProperty("date")));
    }

    /** A value Maven or git left empty or uninterpolated ({@code ${...}}) is unknown. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.strip();
    }
}
