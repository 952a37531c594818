package com.acme.notifications;

import com.acme.notifications.db.Db;
import com.acme.notifications.db.Notification;
import com.acme.notifications.http.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The service on a real HTTP server, a real H2 database and a real HikariCP pool of four connections. */
class HttpServiceTest {
    private static final int POOL = 4;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Server server;

    @BeforeEach
    void start() throws Exception {
        Db.start("http-" + System.nanoTime(), POOL);
        Db.inTransaction(s -> {
            s.persist(new Notification("ada", "build is green"));
            s.persist(new Notification("ada", "pool is healthy"));
            return null;
        });
        server = Server.start(0);
    }

    @AfterEach
    void stop() {
        server.close();
        Db.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void health_answers_200() throws Exception {
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void the_leaky_whats_up_route_answers_500_once_the_pool_is_exhausted() throws Exception {
        int ok = 0;
        int failed = 0;
        for (int i = 0; i < POOL * 3; i++) {
            int status = get("/api/notifications/whats-up?user=ada").statusCode();
            if (status == 200) {
                ok++;
            } else {
                assertThat(status).isEqualTo(500);
                failed++;
            }
        }
        assertThat(ok).as("one leaked connection per request").isEqualTo(POOL);
        assertThat(failed).isEqualTo(POOL * 2);
        assertThat(get("/health").statusCode()).as("the whole service is down").isEqualTo(500);
    }

    @Test
    void the_fixed_route_answers_200_over_many_more_requests_than_the_pool_has_connections() throws Exception {
        for (int i = 0; i < POOL * 50; i++) {
            HttpResponse<String> r = get("/api/notifications?user=ada");
            assertThat(r.statusCode()).as("request %d", i).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"user\":\"ada\",\"total_unread\":2}");
        }
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }
}
