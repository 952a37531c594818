package dev.sessionguard.testing;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The tests build a few dozen Hibernate session factories; Hibernate logs each one's start (15 lines through
 * java.util.logging). Only its errors reach the test output.
 */
public final class QuietHibernate implements LauncherSessionListener {
    /** Held: java.util.logging keeps loggers only weakly, and a collected one forgets its level. */
    private static final Logger HIBERNATE = Logger.getLogger("org.hibernate");

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        HIBERNATE.setLevel(Level.SEVERE);
    }
}
