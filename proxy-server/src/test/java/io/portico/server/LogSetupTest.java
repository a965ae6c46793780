package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogSetupTest {
    @AfterEach
    void clear() {
        System.clearProperty("logback.configurationFile");
    }

    private static ExecutionStatus configure(LoggerContext context) {
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        return setup.configure(context);
    }

    @Test
    void attachesTheTextAndJsonAppendersAndTheLevels() {
        LoggerContext context = new LoggerContext();
        assertThat(configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("TEXT")).isNotNull();
        assertThat(root.getAppender("JSON")).isNotNull();
        assertThat(root.getAppender("TEXT").isStarted()).isTrue();
        assertThat(context.getLogger("io.portico").getLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void aConfigurationFileNamedOnTheCommandLineIsLeftToLogback() {
        System.setProperty("logback.configurationFile", "/etc/portico/logback.xml");
        LoggerContext context = new LoggerContext();
        assertThat(configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("TEXT")).isNull();
    }
}
