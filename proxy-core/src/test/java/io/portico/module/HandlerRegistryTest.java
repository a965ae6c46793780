package io.portico.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HandlerRegistryTest {
    private final HandlerRegistry registry = new HandlerRegistry();

    @Test
    void handlersKeepModuleOrderThenRegistrationOrderPerPoint() {
        List<String> calls = new ArrayList<>();
        RequestHandler a1 = r -> record(calls, "a1");
        RequestHandler b1 = r -> record(calls, "b1");
        RequestHandler a2 = r -> record(calls, "a2");
        ResponseHandler a3 = (r, s) -> record(calls, "a3");
        registry.register("a", CallbackPoint.HANDLE_BEFORE_LOCATION, a1);
        registry.register("a", CallbackPoint.HANDLE_READ_RESPONSE, a3);
        registry.register("a", CallbackPoint.HANDLE_BEFORE_LOCATION, a2);
        registry.register("b", CallbackPoint.HANDLE_BEFORE_LOCATION, b1);

        HandlerTable table = registry.freeze();

        RequestHandler[] before = table.handlers(CallbackPoint.HANDLE_BEFORE_LOCATION);
        assertThat(before).containsExactly(a1, a2, b1);
        assertThat(table.module(CallbackPoint.HANDLE_BEFORE_LOCATION, 0)).isEqualTo("a");
        assertThat(table.module(CallbackPoint.HANDLE_BEFORE_LOCATION, 1)).isEqualTo("a");
        assertThat(table.module(CallbackPoint.HANDLE_BEFORE_LOCATION, 2)).isEqualTo("b");
        assertThat(table.handlers(CallbackPoint.HANDLE_READ_RESPONSE)).containsExactly(a3);
        assertThat(table.module(CallbackPoint.HANDLE_READ_RESPONSE, 0)).isEqualTo("a");
        for (RequestHandler h : before) {
            h.handle(null);
        }
        assertThat(calls).containsExactly("a1", "a2", "b1");
    }

    @Test
    void eachPointGetsAnArrayOfItsOwnHandlerType() {
        registry.register("m", CallbackPoint.HANDLE_ACCEPT, s -> Verdict.CONTINUE);
        HandlerTable table = registry.freeze();
        for (CallbackPoint<?> point : CallbackPoint.values()) {
            assertThat(table.handlers(point).getClass().getComponentType()).isEqualTo(point.handlerType());
        }
        assertThat(table.has(CallbackPoint.HANDLE_ACCEPT)).isTrue();
        assertThat(table.has(CallbackPoint.HANDLE_HANDSHAKE)).isFalse();
        assertThat(table.handlers(CallbackPoint.HANDLE_HANDSHAKE)).isEmpty();
    }

    @Test
    void theEmptyTableHasNoHandlerAnywhere() {
        for (CallbackPoint<?> point : CallbackPoint.values()) {
            assertThat(HandlerTable.EMPTY.handlers(point)).isEmpty();
            assertThat(HandlerTable.EMPTY.registered(point)).isEmpty();
        }
    }

    @Test
    void registrationsNameTheModuleAndPointForTheStatusPage() {
        FinishHandler done = s -> { };
        registry.register("access_log", CallbackPoint.HANDLE_FINISH, done);
        List<Registered<FinishHandler>> at = registry.freeze().registered(CallbackPoint.HANDLE_FINISH);
        assertThat(at).containsExactly(new Registered<>("access_log", CallbackPoint.HANDLE_FINISH, done));
    }

    @Test
    void registeringAfterTheFreezeFailsLoudly() {
        registry.freeze();
        assertThatThrownBy(() -> registry.register("late", CallbackPoint.HANDLE_FINISH, s -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("late").hasMessageContaining("HandleFinish");
    }

    @Test
    void aNullHandlerIsRefused() {
        assertThatThrownBy(() -> registry.register("m", CallbackPoint.HANDLE_FORWARD, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aModuleContextRegistersUnderItsModuleName() {
        List<String> started = new ArrayList<>();
        ModuleContext ctx = ModuleContext.of("tag", registry, ModuleSettings.of("p.toml", "tag", null),
                LoggerFactory.getLogger("test"), new SimpleMetricsRegistry(), (name, task) -> started.add(name));
        ForwardHandler h = r -> Verdict.CONTINUE;
        ctx.register(CallbackPoint.HANDLE_FORWARD, h);
        ctx.startBackground("refresh", () -> { });

        HandlerTable table = registry.freeze();
        assertThat(table.handlers(CallbackPoint.HANDLE_FORWARD)).containsExactly(h);
        assertThat(table.module(CallbackPoint.HANDLE_FORWARD, 0)).isEqualTo("tag");
        assertThat(started).containsExactly("refresh");
        assertThat(ctx.module()).isEqualTo("tag");
        assertThat(ctx.condition("default_t()").test(null)).isTrue();
    }

    private static Verdict record(List<String> calls, String name) {
        calls.add(name);
        return Verdict.CONTINUE;
    }
}
