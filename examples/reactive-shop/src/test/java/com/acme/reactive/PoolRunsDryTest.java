package com.acme.reactive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP against the running shop on Netty (an r2dbc-pool of 4 connections that waits a second for one): the
 * scoped pipeline answers many more requests than the pool has connections; the one that never closes its connection
 * keeps one per request until the pool is dry, and then every request that needs the database answers 500.
 */
// the 500s are asserted: the error handler's log of each one's stack trace would read as a failure of the build
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "logging.level.org.springframework.boot.webflux.autoconfigure.error.AbstractErrorWebExceptionHandler=OFF",
        "logging.level.org.springframework.web.HttpLogging=OFF"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class PoolRunsDryTest {
    private static final int POOL = 4;

    @LocalServerPort
    int port;
    @Autowired
    ConnectionPool pool;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private PoolMetrics metrics() {
        return pool.getMetrics().orElseThrow();
    }

    @Test
    void the_scoped_pipeline_serves_every_request() throws Exception {
        for (int i = 0; i < POOL * 10; i++) {
            HttpResponse<String> response = get("/orders/count");
            assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"orders\":2}");
        }
        assertThat(metrics().acquiredSize()).as("connections out of the pool").isZero();
    }

    @Test
    void the_unclosed_pipeline_keeps_a_connection_per_request_until_the_pool_runs_dry() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < POOL * 2; i++) {
            HttpResponse<String> response = get("/orders/count/unclosed");
            statuses.add(response.statusCode());
            if (response.statusCode() == 200) {
                assertThat(response.body()).isEqualTo("{\"orders\":2}");
            }
        }
        assertThat(statuses).containsExactly(200, 200, 200, 200, 500, 500, 500, 500);
        assertThat(metrics().acquiredSize()).as("connections out of the pool").isEqualTo(POOL);
        assertThat(get("/orders/count").statusCode()).as("the pool is dry for everyone").isEqualTo(500);
    }
}
