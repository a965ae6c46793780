package io.portico.modules.staticfiles;

import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** HTTP-date (RFC 9110 5.6.7): written as IMF-fixdate, read in all three formats. Stateless. */
final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    // Two-digit years: one more than 50 years ahead is in the past century (RFC 9110 5.6.7).
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, Year.now(ZoneOffset.UTC).getValue() - 49)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    static String format(long epochSecond) {
        return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond));
    }

    /** Seconds since the epoch, or {@link Long#MIN_VALUE} when {@code value} is no HTTP-date (the field is then ignored). */
    static long parse(String value) {
        if (value == null) {
            return Long.MIN_VALUE;
        }
        String v = value.strip();
        try {
            if (v.length() > 3 && v.charAt(3) == ',') {
                return ZonedDateTime.parse(v, IMF_FIXDATE).toEpochSecond();
            }
            if (v.indexOf(',') > 0) {
                return ZonedDateTime.parse(v, RFC_850).toEpochSecond();
            }
            return ZonedDateTime.parse(v, ASCTIME).toEpochSecond();
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }
}
