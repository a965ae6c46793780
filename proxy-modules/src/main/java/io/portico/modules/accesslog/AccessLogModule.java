package io.portico.modules.accesslog;

import io.portico.module.CallbackPoint;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import io.portico.module.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Module {@code access_log}: one line per finished request, to stdout or a file. Runs at
 * HandleRequestFinish. The request thread only formats the line and queues it; a background
 * writer does the I/O. When the queue is full the line is dropped and counted in
 * {@code portico_access_log_dropped_total}; failed writes count in
 * {@code portico_access_log_write_errors_total}. Queued lines are written when the
 * configuration is retired. A file is opened for appending and reopened when it was moved or
 * deleted (logrotate without copytruncate works; checked at most once a second).
 *
 * <p>Keys of {@code [modules.access_log]}:
 * <ul>
 *   <li>{@code path}: {@code "-"} for stdout (the default) or a file path (a relative one is
 *       resolved against the directory of the configuration file); the file is created if
 *       missing, its directory must exist</li>
 *   <li>{@code format}: {@code "common"}, {@code "combined"} (the default), {@code "json"} (one
 *       JSON object per line; its {@code time} is {@code $time_iso8601_ms}) or a template</li>
 *   <li>{@code escape}: how a template writes values: {@code "default"} (nginx style: {@code "},
 *       {@code \}, control and non-ASCII bytes as {@code \xHH}, an empty value as {@code -}) or
 *       {@code "json"} (JSON string escapes, nothing for an empty value; for templates that build
 *       JSON themselves)</li>
 *   <li>{@code queue_size}: lines that may wait for the writer, 1..1048576; default 16384</li>
 * </ul>
 *
 * <p>Template variables ({@code $name}, or {@code ${name}} when letters follow; {@code $$} is a
 * dollar sign): {@code $time_local}, {@code $time_iso8601}, {@code $time_iso8601_ms} (with
 * milliseconds), {@code $msec} (when the request started), {@code $remote_addr}, {@code $remote_port}, {@code $server_addr},
 * {@code $server_port}, {@code $scheme}, {@code $host}, {@code $request} (method, target and
 * version as forwarded, after rewrites), {@code $method}, {@code $uri} (the path),
 * {@code $query}, {@code $protocol}, {@code $status}, {@code $bytes_sent} and
 * {@code $body_bytes_sent} (response body bytes), {@code $request_length} (request body bytes),
 * {@code $request_time} (seconds, millisecond resolution), {@code $upstream_response_time}
 * (from the backend connection being ready to the end of the response), {@code $product},
 * {@code $cluster}, {@code $subcluster}, {@code $backend}, {@code $retry_num}, {@code $log_id},
 * {@code $request_id} (set by the {@code request_id} module), {@code $error}, {@code $upstream_error}
 * (what the last failed backend try met: {@code connect_refused}, {@code reset_after_send}, ...),
 * {@code $user_agent}, {@code $referer}, {@code $http_<name>} (a request header, {@code _} for
 * {@code -}) and {@code $tag_<name>} (a request tag). A value that is absent is written {@code -}.
 * The named formats: {@code common} is {@code $remote_addr - - [$time_local] "$request" $status
 * $body_bytes_sent}; {@code combined} adds
 * {@code "$http_referer" "$http_user_agent"}.
 *
 * <pre>
 * [modules.access_log]
 * path = "/var/log/portico/access.log"
 * format = '$remote_addr [$time_local] "$request" $status $request_time $backend $request_id'
 * </pre>
 */
public final class AccessLogModule implements PorticoModule {
    private LogWriter writer;

    @Override
    public String name() {
        return "access_log";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings settings = context.settings();
        settings.rejectUnknownKeys(Set.of("path", "format", "escape", "queue_size"));
        String escape = settings.string("escape", "default");
        if (!escape.equals("default") && !escape.equals("json")) {
            settings.error("escape", "expected \"default\" or \"json\", got \"" + escape + "\"");
        }
        LogFormat format = null;
        try {
            format = LogFormat.of(settings.string("format", "combined"), escape.equals("json"));
        } catch (IllegalArgumentException e) {
            settings.error("format", e.getMessage());
        }
        int capacity = (int) settings.integer("queue_size", 16_384, 1, 1 << 20);
        String path = settings.string("path", "-");
        if (path.isEmpty()) {
            settings.error("path", "expected \"-\" (stdout) or a file path");
        }
        Path file = path.equals("-") || path.isEmpty() ? null : settings.path("path").orElse(null);
        if (format == null || path.isEmpty() || (file == null && !path.equals("-"))) {
            return;
        }
        try {
            writer = new LogWriter(capacity, file, System.out,
                    context.metrics().counter("portico_access_log_dropped_total",
                            "Access log lines dropped because the writer queue was full"),
                    context.metrics().counter("portico_access_log_write_errors_total",
                            "Access log writes that failed"),
                    context.logger(), LogWriter.REOPEN_CHECK_NANOS);
        } catch (IOException | RuntimeException e) {
            settings.error("path", "cannot open \"" + file + "\" for appending: " + e);
            return;
        }
        LogWriter w = writer;
        context.startBackground("writer", w);
        LogFormat f = format;
        context.register(CallbackPoint.HANDLE_REQUEST_FINISH, (request, response) -> {
            w.offer(f.line(request, response));
            return Verdict.CONTINUE;
        });
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }
}
