package com.acme.notifications.tasks;

import com.acme.notifications.db.Db;
import java.util.List;
import org.hibernate.Session;

public class FormleadTask {
    public int importLeads(List<String> users) {
        Session session = null;
        int imported = 0;
        for (String user : users) {
            session = Db.getSession();
            session.createSelectionQuery("from Notification n where n.userId = :u", Object.class)
                    .setParameter("u", user).getResultList();
            imported++;
        }
        if (session != null) {
            session.close();
        }
        return imported;
    }
}
