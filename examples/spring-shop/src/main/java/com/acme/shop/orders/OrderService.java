package com.acme.shop.orders;

import org.apache.ibatis.session.SqlSession;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Orders through a MyBatis mapper, the injected SqlSessionTemplate (as SqlSession) and JdbcTemplate. */
@Service
public class OrderService {
    private final OrderMapper mapper;
    private final SqlSession sqlSession;
    private final JdbcTemplate jdbc;

    public OrderService(OrderMapper mapper, SqlSession sqlSession, JdbcTemplate jdbc) {
        this.mapper = mapper;
        this.sqlSession = sqlSession;
        this.jdbc = jdbc;
    }

    @Transactional
    public void place(long productId, int quantity) {
        mapper.insert(productId, quantity);
    }

    @Transactional(readOnly = true)
    public long count() {
        long viaMapper = mapper.count();
        Long viaSession = sqlSession.selectOne("com.acme.shop.orders.OrderMapper.count");
        Long viaJdbc = jdbc.queryForObject("select count(*) from orders", Long.class);
        return viaMapper == viaSession && viaSession.equals(viaJdbc) ? viaMapper : -1;
    }
}
