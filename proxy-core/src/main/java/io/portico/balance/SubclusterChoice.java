package io.portico.balance;

/** What the GSLB step decided for one request. */
public sealed interface SubclusterChoice {

    /** Forward to the sub-cluster at {@code index} in {@link SubclusterBalancer#names()}. */
    record Chosen(int index) implements SubclusterChoice {
    }

    /** The request fell into BLACKHOLE's share: drop it (503 with Retry-After). */
    record Blackhole() implements SubclusterChoice {
    }

    /** No sub-cluster with a positive weight has an available instance (503). */
    record NoneAvailable() implements SubclusterChoice {
    }
}
