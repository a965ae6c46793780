package io.portico.http1;

/** How the body of an HTTP/1.1 message is delimited (RFC 9112 §6.3). */
public sealed interface BodyFraming {

    /** No body: the message ends with its head. */
    record NoBody() implements BodyFraming {
    }

    /** Exactly {@code length} bytes follow the head. */
    record FixedLength(long length) implements BodyFraming {
        public FixedLength {
            if (length < 0) {
                throw new IllegalArgumentException("negative length " + length);
            }
        }
    }

    /** The chunked transfer coding is the final coding. */
    record Chunked() implements BodyFraming {
    }

    /** The body runs until the peer closes the connection (responses only). */
    record UntilClose() implements BodyFraming {
    }

    BodyFraming NO_BODY = new NoBody();
    BodyFraming CHUNKED = new Chunked();
    BodyFraming UNTIL_CLOSE = new UntilClose();
}
