package io.portico.server;

import io.portico.module.CallbackPoint;
import io.portico.module.ModuleContext;
import io.portico.module.PorticoModule;
import io.portico.module.Verdict;
import java.util.Set;

/**
 * A test module whose handlers misbehave on request: a path under {@code /boom} throws at the
 * point named by {@code point}; {@code /bad-verdict} returns a verdict HandleRequestFinish
 * cannot honour; {@code /answer} is answered by the module itself.
 */
public final class ThrowingTestModule implements PorticoModule {
    @Override
    public String name() {
        return "test_throwing";
    }

    @Override
    public void init(ModuleContext ctx) {
        ctx.settings().rejectUnknownKeys(Set.of("point"));
        String point = ctx.settings().string("point", "HandleBeforeLocation");
        switch (point) {
            case "HandleBeforeLocation" -> ctx.register(CallbackPoint.HANDLE_BEFORE_LOCATION, r -> {
                if (r.path().startsWith("/boom")) {
                    throw new IllegalStateException("boom at " + r.path());
                }
                if (r.path().equals("/answer")) {
                    return Verdict.respond(418, "answered by a module\n");
                }
                return Verdict.CONTINUE;
            });
            case "HandleReadResponse" -> ctx.register(CallbackPoint.HANDLE_READ_RESPONSE, (r, resp) -> {
                if (r.path().startsWith("/boom")) {
                    throw new IllegalStateException("boom in the response");
                }
                return Verdict.CONTINUE;
            });
            case "HandleRequestFinish" -> ctx.register(CallbackPoint.HANDLE_REQUEST_FINISH, (r, resp) ->
                    r.path().equals("/bad-verdict") ? Verdict.redirect("/elsewhere") : Verdict.CONTINUE);
            default -> ctx.settings().error("point", "unknown point " + point);
        }
    }
}
