package io.portico.route;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * BFE's time primitives, read against {@link RouteRequest#startMillis()}. Times carry a military
 * time-zone letter: A..I = UTC+1..+9, K..M = UTC+10..+12, N..Y = UTC-1..-12, Z = UTC (no J);
 * e.g. {@code H} is Beijing time. Immutable matcher nodes.
 */
final class TimeConditions {
    private static final int DAY_SECONDS = 86_400;

    private TimeConditions() {
    }

    /** {@code bfe_time_range}: the request started in [first, last] (epoch millis, both ends included). */
    record TimeRange(long firstMillis, long lastMillis) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            long t = request.startMillis();
            return t >= firstMillis && t <= lastMillis;
        }
    }

    /** {@code bfe_periodic_time_range}: the request's time of day in the zone, in whole seconds, lies in [first, last]. */
    record DailyRange(int firstSecond, int lastSecond, int zoneOffsetSeconds) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            long seconds = Math.floorDiv(request.startMillis(), 1000L) + zoneOffsetSeconds;
            int ofDay = (int) Math.floorMod(seconds, (long) DAY_SECONDS);
            return ofDay >= firstSecond && ofDay <= lastSecond;
        }
    }

    /** Epoch millis of {@code yyyymmddhhmmssZ}; IllegalArgumentException saying what is wrong. */
    static long parseInstant(String s) {
        if (s.length() != 15 || !digits(s, 0, 14)) {
            throw new IllegalArgumentException("'" + s + "' is not a time of the form yyyymmddhhmmssZ (14 digits and a zone letter, e.g. 20190204203000H)");
        }
        int offset = zoneOffset(s, s.charAt(14));
        try {
            LocalDateTime t = LocalDateTime.of(num(s, 0, 4), num(s, 4, 6), num(s, 6, 8), num(s, 8, 10), num(s, 10, 12), num(s, 12, 14));
            return t.toEpochSecond(ZoneOffset.ofTotalSeconds(offset)) * 1000L;
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + s + "' is not a valid date and time: " + e.getMessage(), e);
        }
    }

    /** {seconds of day, zone offset seconds} of {@code hhmmssZ}. */
    static int[] parseTimeOfDay(String s) {
        if (s.length() != 7 || !digits(s, 0, 6)) {
            throw new IllegalArgumentException("'" + s + "' is not a time of day of the form hhmmssZ (6 digits and a zone letter, e.g. 203000H)");
        }
        int h = num(s, 0, 2);
        int m = num(s, 2, 4);
        int sec = num(s, 4, 6);
        if (h > 23 || m > 59 || sec > 59) {
            throw new IllegalArgumentException("'" + s + "' is not a valid time of day (hh 00-23, mm 00-59, ss 00-59)");
        }
        return new int[] {h * 3600 + m * 60 + sec, zoneOffset(s, s.charAt(6))};
    }

    static int zoneOffset(String s, char letter) {
        char z = Character.toUpperCase(letter);
        int hours;
        if (z == 'Z') {
            hours = 0;
        } else if (z >= 'A' && z <= 'I') {
            hours = z - 'A' + 1;
        } else if (z >= 'K' && z <= 'M') {
            hours = z - 'K' + 10;
        } else if (z >= 'N' && z <= 'Y') {
            hours = -(z - 'N' + 1);
        } else {
            throw new IllegalArgumentException("'" + s + "' ends in '" + letter + "', not a time-zone letter (A-I, K-M: UTC+1..+12; N-Y: UTC-1..-12; Z: UTC)");
        }
        return hours * 3600;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int num(String s, int from, int to) {
        return Integer.parseInt(s, from, to, 10);
    }
}
