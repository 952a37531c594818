package com.acme.shop.orders;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;

/** A MyBatis mapper: mybatis-spring runs it through SqlSessionTemplate, bound to the current transaction. */
@Mapper
public interface OrderMapper {
    @Insert("insert into orders (product_id, quantity) values (#{productId}, #{quantity})")
    int insert(long productId, int quantity);

    @Select("select count(*) from orders")
    long count();
}
