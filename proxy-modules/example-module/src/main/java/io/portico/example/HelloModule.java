package io.portico.example;

import io.portico.http.HttpFields;
import io.portico.module.CallbackPoint;
import io.portico.module.ModuleContext;
import io.portico.module.PorticoModule;
import io.portico.module.Verdict;
import java.util.Set;

/**
 * An example third-party module. It answers {@code GET <path>} itself and marks every
 * proxied response with a header.
 *
 * <pre>
 * [modules]
 * enabled = ["example_hello"]
 * dir = "modules"                 # holds portico-example-module.jar
 *
 * [modules.example_hello]
 * greeting = "hello"              # default "hello from a module jar"
 * path = "/example/hello"         # default
 * </pre>
 */
public final class HelloModule implements PorticoModule {

    @Override
    public String name() {
        return "example_hello";
    }

    @Override
    public void init(ModuleContext ctx) {
        ctx.settings().rejectUnknownKeys(Set.of("greeting", "path"));
        String greeting = ctx.settings().string("greeting", "hello from a module jar");
        String path = ctx.settings().string("path", "/example/hello");
        ctx.register(CallbackPoint.HANDLE_BEFORE_LOCATION, request ->
                request.path().equals(path) ? Verdict.respond(200, greeting + "\n") : Verdict.CONTINUE);
        ctx.register(CallbackPoint.HANDLE_READ_RESPONSE, (request, response) -> {
            HttpFields fields = response.head().fields();
            fields.set("X-Example", greeting);
            return Verdict.CONTINUE;
        });
    }
}
