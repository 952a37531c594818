package com.acme.reactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The reactive shop: orders in H2 through R2DBC and r2dbc-pool, a Spring WebFlux front. */
@SpringBootApplication
public class ReactiveShopApplication {
    public static void main(String[] args) {
        SpringApplication.run(ReactiveShopApplication.class, args);
    }
}
