package io.portico.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.time.ZoneId;

/**
 * The server log, set up in code when logback starts (found through META-INF/services): two
 * stdout appenders, readable text ({@link TextLayout}) and JSON lines, each behind a
 * {@link ServerLog.Format} filter (see {@link ServerLog}); the {@code io.portico} loggers at
 * {@code -Dportico.log.level} (default info) until the config is read, everything else at warn. Code rather than a logback.xml: logback
 * reading XML (its Joran interpreter and the JDK's XML parser, about 500 classes) took 0.2 s of
 * every start. A {@code -Dlogback.configurationFile} still wins: logback then reads that file.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        TextLayout layout = new TextLayout(ZoneId.systemDefault());
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> text = new LayoutWrappingEncoder<>();
        text.setContext(context);
        text.setLayout(layout);
        text.start();
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMDC(false);
        json.setWithKVPList(false);
        json.setWithMarkers(false);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithFormattedMessage(true);
        json.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender(context, "TEXT", text, false));
        root.addAppender(appender(context, "JSON", json, true));
        context.getLogger("io.portico").setLevel(Level.toLevel(System.getProperty("portico.log.level"), Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static ConsoleAppender<ILoggingEvent> appender(LoggerContext context, String name,
                                                           Encoder<ILoggingEvent> encoder, boolean forJson) {
        ServerLog.Format filter = new ServerLog.Format();
        filter.setJson(forJson);
        filter.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setEncoder(encoder);
        appender.addFilter(filter);
        appender.start();
        return appender;
    }
}
