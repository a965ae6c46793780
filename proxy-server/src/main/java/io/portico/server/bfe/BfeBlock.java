package io.portico.server.bfe;

import static io.portico.server.bfe.GoJson.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * BFE's mod_block → {@code [modules.block]}: mod_block.conf names the IP blocklist (an address or
 * an "first last" range per line) and the product rules (per product, global first, each a
 * condition with CLOSE or ALLOW). Ranges become the CIDR blocks that cover them exactly; the
 * global rules come first and apply to every product, as BFE checks them first.
 */
final class BfeBlock {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONF = "mod_block/mod_block.conf";

    private final Path dir;
    private final Emitter emit;

    BfeBlock(Path dir, Emitter emit) {
        this.dir = dir;
        this.emit = emit;
    }

    /** The {@code [modules.block]} lines, or empty when mod_block.conf is missing (warned). */
    Optional<List<String>> section() throws IOException {
        Path conf = dir.resolve(CONF);
        if (!Files.isRegularFile(conf)) {
            emit.warn("bfe.conf", "Server.Modules", "mod_block is enabled but " + CONF + " is missing; block left out");
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        out.add("[modules.block]");
        String blocklist = Gcfg.value(conf, "Basic", "IPBlocklistPath");
        if (blocklist != null) {
            out.add("blocklist = " + Toml.strings(blocklist(blocklist)));
        }
        out.add("");
        String rules = Gcfg.value(conf, "Basic", "ProductRulePath");
        if (rules != null) {
            rules(rules, out);
        }
        return Optional.of(out);
    }

    private List<String> blocklist(String name) throws IOException {
        Path file = dir.resolve(name);
        List<String> blocks = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            emit.warn(CONF, "Basic.IPBlocklistPath", name + " not found; no addresses blocked");
            return blocks;
        }
        int n = 0;
        for (String raw : Files.readAllLines(file)) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            try {
                InetAddress first = address(parts[0]);
                InetAddress lastAddress = parts.length > 1 ? address(parts[1]) : first;
                if (parts.length > 2 || first.getAddress().length != lastAddress.getAddress().length) {
                    throw new UnknownHostException("expected an address or two of one family");
                }
                List<String> covered = cidrs(first, lastAddress);
                if (covered.isEmpty()) {
                    throw new UnknownHostException("the range ends before it starts");
                }
                blocks.addAll(covered);
            } catch (UnknownHostException e) {
                emit.warn(name, "line " + n, "\"" + line + "\" is not an address or a range (" + e.getMessage() + "); left out");
            }
        }
        return blocks;
    }

    /** A literal address only: never a name lookup. */
    static InetAddress address(String text) throws UnknownHostException {
        boolean literal = !text.isEmpty() && (text.indexOf(':') >= 0 || text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')));
        if (!literal) {
            throw new UnknownHostException(text + " is not an address literal");
        }
        return InetAddress.getByName(text);
    }

    /** The fewest CIDR blocks that cover first..last exactly (none when last is below first). */
    static List<String> cidrs(InetAddress first, InetAddress last) {
        int bits = first.getAddress().length * 8;
        BigInteger from = new BigInteger(1, first.getAddress());
        BigInteger to = new BigInteger(1, last.getAddress());
        List<String> out = new ArrayList<>();
        while (from.compareTo(to) <= 0) {
            int size = from.signum() == 0 ? bits : from.getLowestSetBit();
            while (size > 0 && from.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(to) > 0) {
                size--;
            }
            out.add(text(from, bits) + "/" + (bits - size));
            from = from.add(BigInteger.ONE.shiftLeft(size));
        }
        return out;
    }

    private static String text(BigInteger value, int bits) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[bits / 8];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private void rules(String name, List<String> out) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            emit.warn(CONF, "Basic.ProductRulePath", name + " not found; no request rules");
            return;
        }
        JsonNode config = field(JSON.readTree(file.toFile()), "Config");
        JsonNode global = field(config, "global");
        rules(name, "global", null, global, out);
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> product = it.next();
            if (!product.getKey().equals("global")) {
                rules(name, product.getKey(), product.getKey(), product.getValue(), out);
            }
        }
    }

    private void rules(String file, String key, String product, JsonNode list, List<String> out) {
        int i = 0;
        for (JsonNode rule : list) {
            String at = "Config." + key + "[" + i++ + "]";
            String cond = field(rule, "Cond").asText("");
            String cmd = field(field(rule, "Action"), "Cmd").asText("");
            String action = switch (cmd) {
                case "CLOSE" -> "close";
                case "ALLOW" -> "allow";
                default -> null;
            };
            if (cond.isEmpty() || action == null) {
                emit.warn(file, at, cond.isEmpty() ? "no Cond; rule left out"
                        : "action " + (cmd.isEmpty() ? "(none)" : cmd) + " is not CLOSE or ALLOW (BFE skips it too); rule left out");
                continue;
            }
            out.add("[[modules.block.rule]]");
            String name = field(rule, "Name").asText("");
            if (!name.isEmpty()) {
                out.set(out.size() - 1, out.getLast() + "   # " + name.replace('\n', ' '));
            }
            if (product != null) {
                out.add("product = " + Toml.str(product));
            }
            out.add("condition = " + Toml.str(cond));
            out.add("action = " + Toml.str(action));
            out.add("");
        }
    }
}
