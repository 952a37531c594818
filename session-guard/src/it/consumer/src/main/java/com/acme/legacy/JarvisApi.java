package com.acme.legacy;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

public class JarvisApi {
    public int whatsUp(Object pool) throws SQLException {
        Connection c = ((DataSource) pool).getConnection();
        return c.getTransactionIsolation();
    }
}
