package io.portico.config;

/**
 * One backend instance.
 *
 * @param host   IP literal (IPv6 without brackets) or host name, not resolved at load
 * @param port   1..65535
 * @param weight 0..1,000,000, default 1; 0 = drained
 */
public record InstanceConfig(String host, int port, int weight) {
    /** {@code host:port}, or {@code [v6]:port}. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
