package com.acme.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

public final class Db {
    private static DataSource dataSource;

    private Db() {
    }

    public static void init(DataSource ds) {
        dataSource = ds;
    }

    public static Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }
}
