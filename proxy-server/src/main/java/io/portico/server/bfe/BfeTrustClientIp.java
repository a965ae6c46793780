package io.portico.server.bfe;

import static io.portico.server.bfe.GoJson.field;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * BFE's mod_trust_clientip → {@code [modules.trust_client_ip]}: the rule file's labelled address
 * segments (Begin, End) become the CIDR blocks that cover them; the labels carry no behaviour.
 */
final class BfeTrustClientIp {
    private final Path dir;
    private final Emitter emit;

    BfeTrustClientIp(Path dir, Emitter emit) {
        this.dir = dir;
        this.emit = emit;
    }

    /** The {@code [modules.trust_client_ip]} lines, or empty when no address can be converted (warned). */
    Optional<List<String>> section() throws IOException {
        Optional<ModuleData> data = ModuleData.read(dir, emit, "mod_trust_clientip", "trust_client_ip");
        if (data.isEmpty()) {
            return Optional.empty();
        }
        String name = data.get().name();
        List<String> blocks = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.get().config().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            int i = 0;
            for (JsonNode segment : label.getValue()) {
                String at = "Config." + label.getKey() + "[" + i++ + "]";
                String begin = field(segment, "Begin").asText("");
                String end = field(segment, "End").asText("");
                try {
                    InetAddress first = BfeBlock.address(begin);
                    InetAddress last = BfeBlock.address(end);
                    List<String> covered = first.getAddress().length == last.getAddress().length
                            ? BfeBlock.cidrs(first, last) : List.of();
                    if (covered.isEmpty()) {
                        throw new UnknownHostException("not a range from Begin to End of one family");
                    }
                    blocks.addAll(covered);
                } catch (UnknownHostException e) {
                    emit.warn(name, at, "\"" + begin + "\" to \"" + end + "\": " + e.getMessage() + "; left out");
                }
            }
        }
        if (blocks.isEmpty()) {
            emit.warn(name, "Config", "no trusted addresses; trust_client_ip left out");
            return Optional.empty();
        }
        return Optional.of(List.of("[modules.trust_client_ip]", "trusted = " + Toml.strings(blocks), ""));
    }
}
