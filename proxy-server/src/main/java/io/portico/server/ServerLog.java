package io.portico.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import io.portico.config.LogConfig;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code [log]} to the server log: the level of the {@code io.portico} loggers and the
 * format. {@link LogSetup} attaches two stdout appenders, readable text and JSON lines, each behind a
 * {@link Format} filter that lets an event through only while its format is the current one, so
 * a reload switches format without stopping an appender (no event is lost or written twice).
 * Called at start and after each reload that went into service; shared, lock-free.
 */
public final class ServerLog {
    private static volatile boolean json;

    private ServerLog() {
    }

    static void apply(LogConfig config) {
        json = config.json();
        String level = config.level().orElse(System.getProperty("portico.log.level", "info"));
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            context.getLogger("io.portico").setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
        }
    }

    /** Passes events to the appender of the format in force ({@code json} true or false); attached by {@link LogSetup}. */
    public static final class Format extends Filter<ILoggingEvent> {
        private boolean forJson;

        public void setJson(boolean forJson) {
            this.forJson = forJson;
        }

        @Override
        public FilterReply decide(ILoggingEvent event) {
            return forJson == json ? FilterReply.NEUTRAL : FilterReply.DENY;
        }
    }
}
