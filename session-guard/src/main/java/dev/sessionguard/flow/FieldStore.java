package dev.sessionguard.flow;

/**
 * A session stored in a field: the field's owner (internal name) and name, the line of the store, and whether the
 * method that stored it closes it again on every path that completes normally (a short-lived command object).
 */
public record FieldStore(String owner, String name, int line, boolean closedByTheStoringMethod) {
    public FieldStore(String owner, String name, int line) {
        this(owner, name, line, false);
    }
}
