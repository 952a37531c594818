package com.acme.db;

/** A session-bearing result of the project's own (docs/configuration.md's sessionguard.sessionResults). */
public final class Exports {
    /** Holds its connection until closed. */
    public static final class Export implements AutoCloseable {
        @Override
        public void close() {
        }
    }

    public Export open() {
        return new Export();
    }
}
