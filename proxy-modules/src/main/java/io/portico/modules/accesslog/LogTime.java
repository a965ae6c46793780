package io.portico.modules.accesslog;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Log timestamps, formatted once per second and cached: many requests share a second. Shared;
 * lock-free (a racing thread at worst formats the same second again).
 */
final class LogTime {
    private static final ZoneId ZONE = ZoneId.systemDefault();
    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZONE);
    /** ISO 8601 to the second with the zone offset ("Z" at UTC), as nginx's $time_iso8601. */
    private static final DateTimeFormatter ISO = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss").appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT).withZone(ZONE);

    private record Cached(long second, String local, String iso) {
    }

    private static volatile Cached cached = new Cached(Long.MIN_VALUE, "", "");

    private LogTime() {
    }

    /** {@code 10/Oct/2000:13:55:36 -0700}, as nginx's {@code $time_local}. */
    static String local(long epochMillis) {
        return at(epochMillis).local();
    }

    /** {@code 2000-10-10T13:55:36-07:00}, as nginx's {@code $time_iso8601}. */
    static String iso8601(long epochMillis) {
        return at(epochMillis).iso();
    }

    /** {@code 2000-10-10T13:55:36.042-07:00}: ISO 8601 with milliseconds, for logs read by machines. */
    static String iso8601Millis(long epochMillis) {
        String iso = at(epochMillis).iso();
        int fraction = iso.indexOf('T') + 9;
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        return iso.substring(0, fraction) + '.' + (char) ('0' + millis / 100) + (char) ('0' + millis / 10 % 10)
                + (char) ('0' + millis % 10) + iso.substring(fraction);
    }

    private static Cached at(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Cached c = cached;
        if (c.second() != second) {
            Instant t = Instant.ofEpochSecond(second);
            c = new Cached(second, LOCAL.format(t), ISO.format(t));
            cached = c;
        }
        return c;
    }
}
