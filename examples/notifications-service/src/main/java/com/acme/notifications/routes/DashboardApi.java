package com.acme.notifications.routes;

import com.acme.notifications.db.Db;
import java.util.function.Supplier;

public class DashboardApi {
    public Supplier<Long> totals() {
        return () -> Db.rawFactory().openSession()
                .createSelectionQuery("select count(n) from Notification n", Long.class).getSingleResult();
    }
}
