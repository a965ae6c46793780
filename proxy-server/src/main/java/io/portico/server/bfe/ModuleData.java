package io.portico.server.bfe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The rule file of a BFE module whose {@code conf/mod_X/mod_X.conf} names it as
 * {@code Basic.DataPath}: its name (for warnings), its {@code Config} object, and the .conf itself.
 */
record ModuleData(Path conf, String confName, String name, JsonNode config) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Empty, with a warning, when the .conf, its DataPath or the file it names is missing. */
    static Optional<ModuleData> read(Path dir, Emitter emit, String module, String portico) throws IOException {
        return read(dir, emit, module, portico, "DataPath", null);
    }

    /**
     * As {@link #read(Path, Emitter, String, String)} for a module whose .conf names its rule file
     * as {@code Basic.KEY}, with the default BFE takes when the key is not set (null: none).
     */
    static Optional<ModuleData> read(Path dir, Emitter emit, String module, String portico, String key, String fallback)
            throws IOException {
        String confName = module + "/" + module + ".conf";
        Path conf = dir.resolve(confName);
        if (!Files.isRegularFile(conf)) {
            emit.warn("bfe.conf", "Server.Modules", module + " is enabled but " + confName + " is missing; " + portico + " left out");
            return Optional.empty();
        }
        String set = Gcfg.value(conf, "Basic", key);
        String name = set == null || set.isEmpty() ? fallback : set;
        Path file = name == null ? null : dir.resolve(name);
        if (file == null || !Files.isRegularFile(file)) {
            emit.warn(confName, "Basic." + key, (name == null ? "not set" : name + " not found") + "; " + portico + " left out");
            return Optional.empty();
        }
        return Optional.of(new ModuleData(conf, confName, name, GoJson.field(JSON.readTree(file.toFile()), "Config")));
    }

    /** One rule of a product's list, with where it stands for warnings ({@code Config.PRODUCT[i]}). */
    @FunctionalInterface
    interface RuleVisitor {
        void rule(String product, String at, JsonNode rule) throws IOException;
    }

    /** Each rule of each product's list in {@code Config}, in the file's order. */
    void forEachRule(RuleVisitor visitor) throws IOException {
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> product = it.next();
            int i = 0;
            for (JsonNode rule : product.getValue()) {
                visitor.rule(product.getKey(), "Config." + product.getKey() + "[" + i++ + "]", rule);
            }
        }
    }
}
