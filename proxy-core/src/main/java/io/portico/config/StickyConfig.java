package io.portico.config;

/**
 * {@code sticky = { key = "source_ip" | "header:NAME" | "cookie:NAME", level = "subcluster" | "instance" }}.
 *
 * @param name the header (lower case) or cookie name; empty for {@link Kind#SOURCE_IP}
 * @param level default {@link Level#INSTANCE}
 */
public record StickyConfig(Kind kind, String name, Level level) {
    public enum Kind { SOURCE_IP, HEADER, COOKIE }

    public enum Level { SUBCLUSTER, INSTANCE }
}
