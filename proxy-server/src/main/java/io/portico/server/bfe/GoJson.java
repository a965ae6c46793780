package io.portico.server.bfe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Iterator;
import java.util.Map;

/** BFE's JSON as Go decodes it: field names match without regard to case. */
final class GoJson {
    private GoJson() {
    }

    /** The field of {@code node} whose name equals {@code name} ignoring case; missing when none. */
    static JsonNode field(JsonNode node, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return MissingNode.getInstance();
    }
}
