package com.acme.shop;

import com.acme.shop.catalog.CatalogService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The price list over real HTTP against the running shop (pool of 4, 250 ms to wait for a connection): the endpoint
 * that closes its repository stream answers many more requests than the pool has connections; the one that maps the
 * stream to a list and drops it keeps a connection per request, until the pool is dry and the shop answers 500.
 */
// the 500s are asserted: Tomcat's log of each one's stack trace would read as a failure of the build
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.level.org.apache.catalina.core.ContainerBase=OFF")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class StreamPoolRunsDryTest {
    private static final int POOL = 4;

    @LocalServerPort
    int port;
    @Autowired
    CatalogService catalog;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void products() {
        catalog.add("kettle", 2_500);
        catalog.add("teapot", 1_800);
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_closed_stream_serves_every_request() throws Exception {
        for (int i = 0; i < POOL * 10; i++) {
            HttpResponse<String> response = get("/prices");
            assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
            assertThat(response.body()).isEqualTo("[\"kettle 2500\",\"teapot 1800\"]");
        }
        assertThat(get("/stock").statusCode()).isEqualTo(200);
    }

    @Test
    void the_unclosed_stream_keeps_a_connection_per_request_until_the_pool_runs_dry() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < POOL * 2; i++) {
            HttpResponse<String> response = get("/prices/unclosed");
            statuses.add(response.statusCode());
            if (response.statusCode() == 200) {
                assertThat(response.body()).isEqualTo("[\"kettle 2500\",\"teapot 1800\"]");
            }
        }
        assertThat(statuses).containsExactly(200, 200, 200, 200, 500, 500, 500, 500);
        assertThat(get("/prices").statusCode()).as("the pool is dry for everyone").isEqualTo(500);
        assertThat(get("/stock").statusCode()).isEqualTo(500);
    }
}
