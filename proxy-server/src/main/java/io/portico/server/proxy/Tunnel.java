package io.portico.server.proxy;

import io.portico.http.HttpFields;
import io.portico.http.RequestHead;
import io.portico.server.io.BufferPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * A protocol upgrade (WebSocket and the like): the request asks for it with
 * {@code Connection: Upgrade} and {@code Upgrade}, the backend agrees with 101, and from then
 * on bytes flow both ways untouched until either side closes. The request's thread copies
 * backend → client; a second virtual thread copies client → backend.
 */
public final class Tunnel {
    /** How long the closing side waits for the other direction to finish before closing both. */
    private static final long LINGER_MILLIS = 5_000;
    private static final String WEBSOCKET = "websocket";

    private Tunnel() {
    }

    /** One side of the tunnel: its raw streams and how to half-close it. */
    public record End(InputStream in, OutputStream out, Runnable shutdownOutput) {
    }

    /**
     * The upgrade the client asked for (Upgrade with {@code Connection: upgrade}) when it is one
     * the proxy tunnels, else null. Only WebSocket (RFC 6455) is: any other Upgrade (h2c above
     * all, whose tunnel would carry requests past every rule) goes no further than the proxy,
     * and a backend's 101 to it is refused.
     */
    static String requested(RequestHead head) {
        String upgrade = head.fields().firstOrNull("Upgrade");
        if (upgrade == null || !offers(upgrade, WEBSOCKET) || head.fields().count("Upgrade") != 1) {
            return null;
        }
        for (String token : io.portico.http.ProxyHeaders.connectionTokens(head.fields())) {
            if (token.equalsIgnoreCase("upgrade")) {
                return WEBSOCKET;
            }
        }
        return null;
    }

    /** Whether the comma-separated protocol list {@code upgrade} names {@code protocol} (no version), case-insensitively. */
    private static boolean offers(String upgrade, String protocol) {
        for (String p : upgrade.split(",")) {
            if (p.strip().equalsIgnoreCase(protocol)) {
                return true;
            }
        }
        return false;
    }

    /** Asks the backend for the same upgrade (the hop-by-hop rules removed it). */
    static void ask(HttpFields upstream, String upgrade) {
        upstream.set("Upgrade", upgrade);
        upstream.set("Connection", "Upgrade");
    }

    /** Copies both ways until both directions ended (or one ended and the other lingered too long). */
    static void run(End client, End backend, BufferPool buffers, String name) throws IOException {
        Thread up = Thread.ofVirtual().name(name + "-up").start(() -> pump(client.in(), backend.out(), buffers, backend.shutdownOutput()));
        pump(backend.in(), client.out(), buffers, client.shutdownOutput());
        try {
            up.join(TimeUnit.MILLISECONDS.toMillis(LINGER_MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pump(InputStream in, OutputStream out, BufferPool buffers, Runnable done) {
        byte[] buf = buffers.take();
        try {
            int n;
            while ((n = in.read(buf, 0, buf.length)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed or reset: the tunnel ends
        } finally {
            buffers.give(buf);
            done.run();
        }
    }
}
