/**
 * Balancing decisions, pure and lock-free: which sub-cluster (GSLB weights with a BLACKHOLE sink,
 * {@link io.portico.balance.SubclusterBalancer}), then which instance inside it (smooth weighted
 * round robin, weighted least connections, or a consistent-hash ring for sticky sessions).
 *
 * <p>The server owns the live per-instance state and exposes it through {@link
 * io.portico.balance.Endpoint}; these classes only decide. Each balancer is an immutable snapshot
 * built once per config load (weights are read at build time), shared by every request thread,
 * and cheap per pick: no locks, no allocation beyond the returned {@code Optional}.
 */
package io.portico.balance;
