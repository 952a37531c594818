package com.acme.db;

/** A raw factory of the project's own (docs/configuration.md's sessionguard.rawFactories). */
public interface RawSessions {
    DbSession open();
}
