package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The text line in code is the line logback's pattern gives, event for event. */
class TextLayoutTest {
    private final LoggerContext context = new LoggerContext();

    private LoggingEvent event(String loggerName, Level level, String message, Throwable thrown, Object... args) {
        Logger logger = context.getLogger(loggerName);
        LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, args);
        e.setTimeStamp(1_796_675_576_926L);
        e.setThreadName("conn-12");
        return e;
    }

    @Test
    void writesWhatTheLogbackPatternWrites() {
        Throwable nested = new IllegalStateException("pool closed", new IOException("Connection reset"));
        nested.addSuppressed(new UncheckedIOException(new IOException("second")));
        List<LoggingEvent> events = List.of(
                event("io.portico.server.PorticoServer", Level.INFO, "started: portico {}, listeners {}", null, "0.1", "a=1"),
                event("io.portico.server.upstream.HealthChecks", Level.WARN, "line one\r\nline two\n\n\nthree\r", null),
                event("Root", Level.ERROR, "cannot serve", nested),
                event("io.portico.X", Level.DEBUG, null, null));
        for (String zone : List.of("UTC", "Asia/Kolkata", "America/New_York")) {
            TimeZone saved = TimeZone.getDefault();
            TimeZone.setDefault(TimeZone.getTimeZone(zone));
            try {
                PatternLayout pattern = new PatternLayout();
                pattern.setContext(context);
                pattern.setPattern(TextLayout.PATTERN);
                pattern.start();
                TextLayout text = new TextLayout(ZoneId.of(zone));
                text.setContext(context);
                text.start();
                for (LoggingEvent e : events) {
                    assertThat(text.doLayout(e)).as(zone + " " + e.getMessage()).isEqualTo(pattern.doLayout(e));
                }
            } finally {
                TimeZone.setDefault(saved);
            }
        }
        TextLayout utc = new TextLayout(ZoneId.of("UTC"));
        assertThat(utc.doLayout(events.get(1))).startsWith("2026-12-07T")
                .endsWith(".926Z WARN  [conn-12] HealthChecks: line one | line two | three | " + System.lineSeparator());
    }
}
