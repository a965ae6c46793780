package io.portico.server.proxy;

import io.portico.http.ResponseHead;
import io.portico.module.Response;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.UnaryOperator;

/** The {@link Response} view modules get of the response on its way to the client. Runs on the request's thread. */
final class ProxyResponse implements Response {
    private ResponseHead head;
    private byte[] replacement;
    private UnaryOperator<OutputStream> transform;

    ProxyResponse(ResponseHead head) {
        this.head = head;
    }

    @Override
    public ResponseHead head() {
        return head;
    }

    @Override
    public void head(ResponseHead newHead) {
        head = newHead;
    }

    @Override
    public void replaceBody(byte[] body) {
        replacement = body.clone();
        transform = null;
    }

    @Override
    public void transformBody(UnaryOperator<OutputStream> wrapper) {
        UnaryOperator<OutputStream> before = transform;
        transform = before == null ? wrapper : out -> wrapper.apply(before.apply(out));
    }

    byte[] replacement() {
        return replacement;
    }

    boolean transformed() {
        return transform != null;
    }

    /**
     * The stream the body is copied into: the client's, wrapped by the modules' transforms.
     * Closing it finishes the transforms (a gzip trailer, say) but leaves the client stream open.
     */
    OutputStream wrap(OutputStream client) {
        if (transform == null) {
            return client;
        }
        return transform.apply(new FilterOutputStream(client) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        });
    }
}
