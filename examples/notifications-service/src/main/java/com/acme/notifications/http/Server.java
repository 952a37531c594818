package com.acme.notifications.http;

import com.acme.notifications.routes.HealthApi;
import com.acme.notifications.routes.JarvisApi;
import com.acme.notifications.routes.NotificationsApi;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** The service's HTTP front: a JDK HttpServer on loopback. */
public final class Server implements AutoCloseable {
    private final HttpServer http;
    private final ExecutorService workers;

    private Server(HttpServer http, ExecutorService workers) {
        this.http = http;
        this.workers = workers;
    }

    /** Starts the server on 127.0.0.1 at the port (0 picks a free one). */
    public static Server start(int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        ExecutorService workers = Executors.newFixedThreadPool(8);
        http.setExecutor(workers);
        JarvisApi jarvis = new JarvisApi();
        NotificationsApi notifications = new NotificationsApi();
        HealthApi health = new HealthApi();
        route(http, "/api/notifications/whats-up", uri -> jarvis.whatsUp(user(uri)));
        route(http, "/api/notifications", uri -> notifications.unread(user(uri)));
        route(http, "/health", uri -> health.check());
        http.start();
        return new Server(http, workers);
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
    }

    private static void route(HttpServer http, String path, Function<URI, String> handler) {
        http.createContext(path, exchange -> {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                respond(exchange, 404, "{\"error\":\"not found\"}");
                return;
            }
            try {
                respond(exchange, 200, handler.apply(exchange.getRequestURI()));
            } catch (RuntimeException e) {
                respond(exchange, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
            }
        });
    }

    private static String user(URI uri) {
        String query = uri.getQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("user=")) {
                    return pair.substring("user=".length());
                }
            }
        }
        return "anonymous";
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
