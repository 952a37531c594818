package com.acme.shop.catalog;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data JPA: the container opens and closes the entity manager of every call. */
public interface ProductRepository extends JpaRepository<Product, Long> {
    List<Product> findByNameContainingIgnoreCase(String fragment);
}
