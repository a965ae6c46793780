package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.ListenerConfig;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerChangesTest {
    private static ListenerConfig listener(String name, String host, int port) {
        return new ListenerConfig(name, host, port, "http", 1, false, List.of(), "1.2");
    }

    private static final List<ListenerChanges.Bound> BOUND = List.of(
            new ListenerChanges.Bound(listener("public", "127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 41234)));

    @Test
    void theSameListenersAsBoundAreNoChangeEvenWhenTheConfigSaysPort0() {
        assertThat(ListenerChanges.describe(BOUND, List.of(listener("public", "127.0.0.1", 0)))).isEmpty();
        assertThat(ListenerChanges.describe(BOUND, List.of(listener("public", "127.0.0.1", 41234)))).isEmpty();
    }

    @Test
    void changesAreComparedWithTheBoundSocketsAndNamed() {
        assertThat(ListenerChanges.describe(BOUND, List.of(listener("public", "127.0.0.1", 8080))))
                .isEqualTo("public bound to 127.0.0.1:41234, config says 127.0.0.1:8080");
        assertThat(ListenerChanges.describe(BOUND, List.of(listener("other", "::1", 81))))
                .isEqualTo("other added ([::1]:81); public removed (still listening)");
    }
}
