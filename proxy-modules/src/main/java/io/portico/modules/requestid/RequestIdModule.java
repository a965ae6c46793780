package io.portico.modules.requestid;

import io.portico.module.AttributeKey;
import io.portico.module.CallbackPoint;
import io.portico.module.Counter;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import io.portico.module.Request;
import io.portico.module.Verdict;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Module {@code request_id}: gives every request an id, keeps it in {@link #REQUEST_ID} (the
 * access log's {@code $request_id}, the header module's {@code %request_id}), sends it to the
 * backend in a header and, optionally, back to the client. Runs at HandleBeforeLocation (the id
 * exists before any other request handler runs) and HandleReadResponse.
 *
 * <p>Keys of {@code [modules.request_id]}:
 * <ul>
 *   <li>{@code header}: the header that carries the id; default {@code "X-Request-Id"}</li>
 *   <li>{@code trust_incoming}: keep an id the client sent in that header when it is valid
 *       (1 to 128 visible ASCII characters, no spaces); an invalid one is replaced and counted
 *       in {@code portico_request_id_rejected_total}. Default true; set false at an edge facing
 *       untrusted clients.</li>
 *   <li>{@code format}: how new ids look: {@code "hex"} (128 random bits, 32 hex digits;
 *       the default) or {@code "uuid"} (a random version-4 UUID)</li>
 *   <li>{@code response_header}: also set the header on responses relayed from the backend; default true</li>
 * </ul>
 *
 * <pre>
 * [modules.request_id]
 * header = "X-Request-Id"
 * trust_incoming = false
 * format = "uuid"
 * </pre>
 */
public final class RequestIdModule implements PorticoModule {
    /** The request's id, set at HandleBeforeLocation for every request. */
    public static final AttributeKey<String> REQUEST_ID = AttributeKey.of("request_id", String.class);

    @Override
    public String name() {
        return "request_id";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings settings = context.settings();
        settings.rejectUnknownKeys(Set.of("header", "trust_incoming", "format", "response_header"));
        String header = settings.string("header", "X-Request-Id");
        if (!token(header)) {
            settings.error("header", "expected a header name (letters, digits and !#$%&'*+-.^_`|~), got \"" + header + "\"");
        }
        boolean trust = settings.bool("trust_incoming", true);
        String format = settings.string("format", "hex");
        Supplier<String> generator = switch (format) {
            case "hex" -> RequestIds::hex;
            case "uuid" -> RequestIds::uuid;
            default -> {
                settings.error("format", "expected \"hex\" or \"uuid\", got \"" + format + "\"");
                yield RequestIds::hex;
            }
        };
        Counter rejected = context.metrics().counter("portico_request_id_rejected_total",
                "Incoming request ids replaced because they were invalid");
        context.register(CallbackPoint.HANDLE_BEFORE_LOCATION, request -> {
            assign(request, header, trust, generator, rejected);
            return Verdict.CONTINUE;
        });
        if (settings.bool("response_header", true)) {
            context.register(CallbackPoint.HANDLE_READ_RESPONSE, (request, response) -> {
                request.attributes().get(REQUEST_ID).ifPresent(id -> response.head().fields().set(header, id));
                return Verdict.CONTINUE;
            });
        }
    }

    static void assign(Request request, String header, boolean trust, Supplier<String> generator, Counter rejected) {
        String id = null;
        if (trust) {
            String incoming = request.head().fields().firstOrNull(header);
            if (RequestIds.valid(incoming)) {
                id = incoming;
            } else if (incoming != null) {
                rejected.increment();
            }
        }
        if (id == null) {
            id = generator.get();
        }
        request.attributes().set(REQUEST_ID, id);
        request.head().fields().set(header, id);
    }

    /** An RFC 9110 token: what a field name may be. */
    static boolean token(String s) {
        return io.portico.http.Tokens.isToken(s);
    }
}
