package com.acme.notifications.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.notifications.db.Db;
import com.acme.notifications.db.Notification;
import com.acme.notifications.http.Server;
import dev.sessionguard.runtime.SessionLeakCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One request to each notification route, with the run-time leak check on. The leaky route's test fails, so these
 * are not run by Surefire (the class name says so): {@code RuntimeLeakCheckTest} runs them and checks the verdicts.
 */
@SessionLeakCheck
public class RouteSessionCases {
    private final HttpClient client = HttpClient.newHttpClient();
    private Server server;

    @BeforeEach
    void start() throws Exception {
        Db.start("leaks-" + System.nanoTime(), 4);
        Db.inTransaction(s -> {
            s.persist(new Notification("ada", "build is green"));
            return null;
        });
        server = Server.start(0);
    }

    @AfterEach
    void stop() {
        server.close();
        Db.stop();
    }

    private int get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void whatsUpRoute() throws Exception {
        assertThat(get("/api/notifications/whats-up?user=ada")).isEqualTo(200);
    }

    @Test
    void notificationsRoute() throws Exception {
        assertThat(get("/api/notifications?user=ada")).isEqualTo(200);
    }
}
