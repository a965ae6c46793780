package io.portico.bench;

import io.portico.balance.Endpoint;

/** A backend instance as the balancers see it, with a fixed load: enough for picking benchmarks. */
record BenchEndpoint(String address, int weight, boolean available, int inFlight) implements Endpoint {
}
