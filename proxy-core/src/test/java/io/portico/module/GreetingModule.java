package io.portico.module;

import java.util.Set;

/** A test module, listed in the test META-INF/services file. */
public final class GreetingModule implements PorticoModule {

    @Override
    public String name() {
        return "greeting";
    }

    @Override
    public void init(ModuleContext context) {
        String text = context.settings().string("text", "hello");
        context.settings().rejectUnknownKeys(Set.of("text"));
        context.register(CallbackPoint.HANDLE_BEFORE_LOCATION, request -> Verdict.respond(200, text));
        context.startBackground("idle", () -> { });
    }
}
