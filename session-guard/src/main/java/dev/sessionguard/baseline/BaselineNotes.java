package dev.sessionguard.baseline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the baseline did, one line per rule: to SLF4J, and to standard error, because a new project has no SLF4J
 * provider and a frozen, shrunk or removable baseline must never go unnoticed in the test output.
 */
final class BaselineNotes {
    private static final Logger LOG = LoggerFactory.getLogger(BaselineStore.class);

    private BaselineNotes() {
    }

    static void say(String line) {
        LOG.info(line);
        System.err.println(line);
    }

    /** Details (such as the keys themselves) go to SLF4J only. */
    static void detail(String text) {
        LOG.info(text);
    }
}
