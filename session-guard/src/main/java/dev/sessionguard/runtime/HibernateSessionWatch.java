package dev.sessionguard.runtime;

import dev.sessionguard.annotation.Internal;
import org.hibernate.SessionEventListener;

/**
 * Hibernate creates one of these for every session it opens ({@code hibernate.session.events.auto}) and tells it when
 * the session ends: the construction is the opening, {@link #end()} the close. Inert when no test is watched.
 */
@Internal
public final class HibernateSessionWatch implements SessionEventListener {
    private static final long serialVersionUID = 1L;

    private final transient OpenedSession session;

    /** Called by Hibernate, by name. */
    public HibernateSessionWatch() {
        session = Ledger.INSTANCE.watchedFactoryOpening() ? null : Ledger.INSTANCE.opened(null, null);
    }

    @Override
    public void end() {
        if (session != null) {
            session.markClosed();
        }
    }
}
