package dev.sessionguard.runtime;

import dev.sessionguard.annotation.Internal;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.service.spi.ServiceContributor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Found by Hibernate's service loader whenever session-guard is on the classpath: names {@link HibernateSessionWatch}
 * as the session listener of every factory built, so {@link SessionLeakCheck} alone watches Hibernate sessions. A
 * listener the application configured itself is kept; its sessions are then watched only through
 * {@link SessionLeaks#watch}.
 */
@Internal
public final class HibernateAutoWatch implements ServiceContributor {
    static final String SETTING = "hibernate.session.events.auto";
    private static final Logger LOG = LoggerFactory.getLogger(HibernateAutoWatch.class);

    @Override
    public void contribute(StandardServiceRegistryBuilder registry) {
        Object configured = registry.getSettings().get(SETTING);
        if (configured == null || configured.toString().isBlank()) {
            registry.applySetting(SETTING, HibernateSessionWatch.class.getName());
        } else if (!configured.toString().equals(HibernateSessionWatch.class.getName())
                && !configured.equals(HibernateSessionWatch.class)) {
            LOG.info("session-guard: {} is set to {}, so @SessionLeakCheck sees this factory's sessions only through"
                    + " SessionLeaks.watch(factory)", SETTING, configured);
        }
    }
}
