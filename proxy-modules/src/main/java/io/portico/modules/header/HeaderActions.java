package io.portico.modules.header;

import io.portico.http.HttpFields;
import io.portico.module.Request;
import java.util.List;

/**
 * The edits of one rule on one side (request or response), applied in this order: rename,
 * delete, set, add. Shared, immutable.
 */
record HeaderActions(String[] renameFrom, String[] renameTo, String[] delete, String[] setNames,
                     ValueTemplate[] setValues, String[] addNames, ValueTemplate[] addValues) {

    static final HeaderActions NONE = new HeaderActions(new String[0], new String[0], new String[0], new String[0],
            new ValueTemplate[0], new String[0], new ValueTemplate[0]);

    boolean isEmpty() {
        return renameFrom.length == 0 && delete.length == 0 && setNames.length == 0 && addNames.length == 0;
    }

    void apply(HttpFields fields, Request request) {
        for (int i = 0; i < renameFrom.length; i++) {
            rename(fields, renameFrom[i], renameTo[i]);
        }
        for (String name : delete) {
            fields.remove(name);
        }
        for (int i = 0; i < setNames.length; i++) {
            fields.set(setNames[i], setValues[i].value(request));
        }
        for (int i = 0; i < addNames.length; i++) {
            fields.add(addNames[i], addValues[i].value(request));
        }
    }

    /** Every field named {@code from} is moved, in order, to the end under the name {@code to}. */
    static void rename(HttpFields fields, String from, String to) {
        if (from.equalsIgnoreCase(to) || !fields.contains(from)) {
            return;
        }
        List<String> values = fields.all(from);
        fields.remove(from);
        for (String v : values) {
            fields.add(to, v);
        }
    }
}
