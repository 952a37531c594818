package dev.sessionguard.flow;

import java.util.List;

/**
 * What a caller knows of the declared arguments of one call: an int constant (a flag, a mode) or null, per argument.
 * A body read with them in place follows only the branches those values take.
 */
final class Arguments {
    static final Arguments NONE = new Arguments(new int[0], new int[0]);
    private static final int UNKNOWN = 0;
    private static final int CONSTANT = 1;
    private static final int NULL = 2;

    private final int[] kinds;
    private final int[] values;

    private Arguments(int[] kinds, int[] values) {
        this.kinds = kinds;
        this.values = values;
    }

    /** What is known of the values, by declared position: null when nothing is. */
    static Arguments of(List<FlowValue> declared) {
        int[] kinds = new int[declared.size()];
        int[] values = new int[declared.size()];
        boolean any = false;
        for (int a = 0; a < kinds.length; a++) {
            FlowValue v = declared.get(a);
            if (v.kind == FlowValue.Kind.CONSTANT) {
                kinds[a] = CONSTANT;
                values[a] = v.id;
                any = true;
            } else if (v.kind == FlowValue.Kind.NULL) {
                kinds[a] = NULL;
                any = true;
            }
        }
        return any ? new Arguments(kinds, values) : null;
    }

    /** The value a body starts with in the slot of declared parameter {@code a}, or null when nothing is known. */
    FlowValue valueOf(int a) {
        if (a >= kinds.length) {
            return null;
        }
        return switch (kinds[a]) {
            case CONSTANT -> FlowValue.constant(values[a]);
            case NULL -> FlowValue.NULL;
            default -> null;
        };
    }

    /** A cache key, what the answers are kept by: the known values, in order. */
    String key() {
        StringBuilder b = new StringBuilder();
        for (int a = 0; a < kinds.length; a++) {
            b.append(kinds[a] == CONSTANT ? String.valueOf(values[a]) : kinds[a] == NULL ? "null" : "?").append(',');
        }
        return b.toString();
    }
}
