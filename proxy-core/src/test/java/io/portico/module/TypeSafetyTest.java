package io.portico.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles small modules against the API to show what the generic bounds let through and what they stop. */
class TypeSafetyTest {
    @TempDir
    Path out;

    @Test
    void aResponseHandlerRegisteredAtHandleAcceptDoesNotCompile() {
        List<String> errors = compile("""
                ResponseHandler h = (request, response) -> Verdict.CONTINUE;
                ctx.register(CallbackPoint.HANDLE_ACCEPT, h);
                """);
        assertThat(errors).singleElement().asString().contains("method register", "incompatible bounds")
                .contains("ResponseHandler", "AcceptHandler");
    }

    @Test
    void aLambdaOfTheWrongShapeForThePointDoesNotCompile() {
        // Each snippet differs from one that compiles only in the lambda's shape, so the error
        // can only be the one named; any other error (a typo, a renamed point) fails the test.
        assertThat(compile("ctx.register(CallbackPoint.HANDLE_ACCEPT, session -> Verdict.CONTINUE);")).isEmpty();
        assertThat(compile("ctx.register(CallbackPoint.HANDLE_ACCEPT, (request, response) -> Verdict.CONTINUE);"))
                .singleElement().asString().contains("cannot infer type-variable(s) H", "incompatible parameter types in lambda expression");
        assertThat(compile("ctx.register(CallbackPoint.HANDLE_FINISH, session -> { });")).isEmpty();
        assertThat(compile("ctx.register(CallbackPoint.HANDLE_FINISH, session -> Verdict.CONTINUE);"))
                .singleElement().asString().contains("cannot infer type-variable(s) H", "lambda body is not compatible with a void functional interface");
    }

    @Test
    void handlersOfTheRightKindCompileAtEveryPointOfTheirGroup() {
        assertThat(compile("""
                ResponseHandler h = (request, response) -> Verdict.CONTINUE;
                ctx.register(CallbackPoint.HANDLE_READ_RESPONSE, h);
                ctx.register(CallbackPoint.HANDLE_REQUEST_FINISH, (request, response) -> Verdict.CLOSE);
                ctx.register(CallbackPoint.HANDLE_ACCEPT, session -> Verdict.CONTINUE);
                ctx.register(CallbackPoint.HANDLE_FORWARD, request -> Verdict.respond(503, "busy"));
                ctx.register(CallbackPoint.HANDLE_FINISH, session -> { });
                """)).isEmpty();
    }

    private List<String> compile(String body) {
        String source = "import io.portico.module.*;\n"
                + "class Snippet { void init(ModuleContext ctx) {\n" + body + "\n} }\n";
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classPath = Stream.of(CallbackPoint.class, org.slf4j.Logger.class, org.tomlj.TomlTable.class)
                .map(TypeSafetyTest::location).collect(Collectors.joining(File.pathSeparator));
        List<String> options = List.of("--release", "21", "-proc:none", "-classpath", classPath, "-d", out.toString());
        boolean ok = javac.getTask(null, null, diagnostics, options, null, List.of(new Source(source))).call();
        List<String> errors = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(d -> d.getMessage(Locale.ENGLISH)).toList();
        assertThat(ok).as("compiler result agrees with its diagnostics").isEqualTo(errors.isEmpty());
        return errors;
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String code) {
            super(URI.create("string:///Snippet.java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
