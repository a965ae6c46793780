package io.portico.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The server log's text line: {@code 2026-12-07T20:32:56.926Z INFO  [main] PorticoServer: started: ...}
 * (the time with the local offset, the level padded to five, the thread, the logger's class name),
 * the message kept on one line (each run of line breaks becomes " | "), then a throwable's full
 * stack trace. What the logback pattern {@link #PATTERN} gives, in code: logback's PatternLayout
 * registers and parses some 60 converters at every start.
 */
final class TextLayout extends LayoutBase<ILoggingEvent> {
    /** The logback pattern this layout writes, for a logback.xml that wants the same lines. */
    static final String PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0}: %replace(%msg){'[\\r\\n]+', ' | '}%n%ex{full}";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private final ZoneId zone;

    TextLayout(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone), line);
        String level = event.getLevel().toString();
        line.append(' ').append(level).repeat(' ', Math.max(0, 5 - level.length()));
        line.append(" [").append(event.getThreadName()).append("] ");
        String logger = event.getLoggerName();
        line.append(logger, logger.lastIndexOf('.') + 1, logger.length()).append(": ");
        appendOnOneLine(line, String.valueOf(event.getFormattedMessage()));
        line.append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown));
        }
        return line.toString();
    }

    private static void appendOnOneLine(StringBuilder line, String message) {
        boolean inBreak = false;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\r' || c == '\n') {
                if (!inBreak) {
                    line.append(" | ");
                    inBreak = true;
                }
            } else {
                line.append(c);
                inBreak = false;
            }
        }
    }
}
