package io.portico.balance;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Chooses one instance of a sub-cluster per request (the {@code balance = "wrr" | "wlc"} policy).
 * Shared by all request threads; lock-free. Never chooses an endpoint that is unavailable or
 * drained (weight 0); empty only when no endpoint is eligible.
 */
public sealed interface InstanceBalancer<T extends Endpoint>
        permits SmoothWeightedRoundRobin, WeightedLeastConnections {

    /** The next instance for a new request. */
    default Optional<T> pick() {
        return pick(Weights.NONE_EXCLUDED);
    }

    /**
     * The next instance that {@code excluded} does not reject: for a retry, pass the instances
     * this request already tried.
     */
    Optional<T> pick(Predicate<? super T> excluded);

    /** The endpoints this balancer was built over, in the order given. */
    List<T> endpoints();
}
