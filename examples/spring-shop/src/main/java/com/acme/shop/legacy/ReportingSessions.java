package com.acme.shop.legacy;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.springframework.stereotype.Component;

/**
 * The rest of the legacy corner, one anti-pattern each: an application-managed EntityManager never closed, a
 * singleton bean that keeps a session it opened in a field, a static session.
 */
@Component
public class ReportingSessions {
    private static Session lastUsed;
    private final EntityManagerFactory emf;
    private final Session reporting;

    public ReportingSessions(EntityManagerFactory emf) {
        this.emf = emf;
        this.reporting = emf.unwrap(SessionFactory.class).openSession();
    }

    public long productCount() {
        EntityManager em = emf.createEntityManager();
        return em.createQuery("select count(p) from Product p", Long.class).getSingleResult();
    }

    public long reportingCount() {
        lastUsed = reporting;
        return lastUsed.createSelectionQuery("select count(p) from Product p", Long.class).getSingleResult();
    }
}
