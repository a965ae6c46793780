package io.portico.balance;

/**
 * An instance as the balancers see it, implemented by the server's live instance objects. Read
 * from many request threads on every pick: each method should be a plain or atomic field read.
 */
public interface Endpoint {

    /**
     * The configured weight, {@code >= 0}. Balancers take proportions from it when they are
     * built; on each pick they only check it for 0, which drains the instance: it is never
     * chosen for new requests.
     */
    int weight();

    /** False while the instance is CHECKING (failed health checks): it is skipped. */
    boolean available();

    /** Requests currently in flight to this instance; read by weighted least connections. */
    int inFlight();
}
