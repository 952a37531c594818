package com.acme.shop.leaks;

import com.acme.shop.catalog.Product;
import java.util.stream.Stream;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * A streaming Spring Data JPA repository the test context picks up (it is in the application's packages): its
 * {@code Stream} holds the query's cursor until it is closed.
 */
public interface ProductStreams extends JpaRepository<Product, Long> {
    Stream<Product> streamAllBy();
}
