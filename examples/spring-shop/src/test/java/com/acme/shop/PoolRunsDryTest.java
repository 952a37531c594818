package com.acme.shop;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incident, over real HTTP against the running shop (pool of 4, 250 ms to wait for a connection): the fixed
 * endpoint answers every request; the legacy one leaks a connection per call until the pool runs dry, and then every
 * endpoint that needs the database answers 500.
 */
// the 500s are asserted: Tomcat's log of each one's stack trace would read as a failure of the build
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.level.org.apache.catalina.core.ContainerBase=OFF")
@DirtiesContext
class PoolRunsDryTest {
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private int get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void the_fixed_endpoint_serves_every_request_and_the_leaking_one_runs_the_pool_dry() throws Exception {
        List<Integer> fixed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fixed.add(get("/stock"));
        }
        assertThat(fixed).containsOnly(200);

        List<Integer> leaking = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            leaking.add(get("/stock/legacy"));
        }
        assertThat(leaking).containsExactly(200, 200, 200, 200, 500, 500);
        assertThat(get("/stock")).as("the pool is dry for everyone").isEqualTo(500);
    }
}
