package com.acme.notifications.agents;

import com.acme.notifications.db.Db;
import org.hibernate.StatelessSession;

public class Summarizer {
    public String summary() {
        try (StatelessSession s = Db.rawFactory().openStatelessSession()) {
            return s.createSelectionQuery("select count(n) from Notification n", Long.class).getSingleResult() + " total";
        }
    }
}
