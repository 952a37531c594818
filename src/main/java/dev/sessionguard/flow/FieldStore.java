package dev.sessionguard.flow;

/** A session stored in a field: the field's owner (internal name) and name, and the line of the store. */
public record FieldStore(String owner, String name, int line) {
}
