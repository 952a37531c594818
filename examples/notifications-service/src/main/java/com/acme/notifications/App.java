package com.acme.notifications;

import com.acme.notifications.db.Db;
import com.acme.notifications.http.Server;

/** Starts the service: {@code java com.acme.notifications.App [port]}. */
public final class App {
    private App() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        Db.start("notifications", 4);
        Server server = Server.start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            Db.stop();
        }));
        System.out.println("notifications-service on http://127.0.0.1:" + server.port());
    }
}
