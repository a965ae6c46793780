package io.portico.route;

/**
 * Which string of a request a primitive reads. {@link #of} returns null when the value is absent
 * and the primitive must not match; like BFE (Go's {@code Header.Get}, {@code Query().Get}), a
 * missing header or query parameter reads as the empty string, a missing cookie as absent.
 */
sealed interface Field {
    String of(RouteRequest request);

    /** The lower-cased host of the request, without port. */
    record Host() implements Field {
        @Override
        public String of(RouteRequest request) {
            return request.host();
        }
    }

    /** The percent-decoded path. */
    record Path() implements Field {
        @Override
        public String of(RouteRequest request) {
            return request.decodedPath();
        }
    }

    /** The request target exactly as sent (Go's RequestURI). */
    record Url() implements Field {
        @Override
        public String of(RouteRequest request) {
            return request.head().target();
        }
    }

    record Method() implements Field {
        @Override
        public String of(RouteRequest request) {
            return request.head().method();
        }
    }

    /** The first field of this name. */
    record Header(String name) implements Field {
        @Override
        public String of(RouteRequest request) {
            String v = request.head().fields().firstOrNull(name);
            return v == null ? "" : v;
        }
    }

    /** The first value of this query parameter. */
    record Query(String key) implements Field {
        @Override
        public String of(RouteRequest request) {
            String v = request.queryParams().get(key);
            return v == null ? "" : v;
        }
    }

    record Cookie(String name) implements Field {
        @Override
        public String of(RouteRequest request) {
            return request.cookies().get(name);
        }
    }
}
