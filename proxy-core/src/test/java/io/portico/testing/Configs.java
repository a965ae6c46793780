package io.portico.testing;

/** Config text for tests. */
public final class Configs {
    private Configs() {
    }

    /**
     * A product {@code www} (the default product) routing everything to cluster {@code web},
     * whose sub-cluster {@code dc1} holds one instance per address ({@code host:port});
     * {@code extraClusterKeys} go into {@code [cluster.web]}.
     */
    public static String oneCluster(String extraClusterKeys, String... addresses) {
        StringBuilder sb = new StringBuilder("""
                [server]
                default_product = "www"

                [[product.www.route]]
                condition = "default_t()"
                cluster = "web"

                [cluster.web]
                """);
        sb.append(extraClusterKeys).append('\n');
        for (String address : addresses) {
            sb.append("[[cluster.web.subcluster.dc1.instance]]\naddress = \"").append(address).append("\"\n");
        }
        return sb.toString();
    }
}
