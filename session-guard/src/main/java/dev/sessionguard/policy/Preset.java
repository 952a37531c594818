package dev.sessionguard.policy;

import com.tngtech.archunit.PublicAPI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * The data-access APIs session-guard knows out of the box: the one definition every layer reads (the rules, the
 * recipes and the run-time check directly; the hook's table and the Checkstyle defaults are checked against it).
 * Type names are strings: none is needed at run time.
 */
@PublicAPI(usage = ACCESS)
public enum Preset {
    HIBERNATE(
            List.of("org.hibernate.SessionFactory"),
            List.of("org.hibernate.SessionFactory#openSession", "org.hibernate.SessionFactory#openStatelessSession",
                    "org.hibernate.SessionBuilder#openSession", "org.hibernate.StatelessSessionBuilder#openStatelessSession"),
            List.of("org.hibernate.Session", "org.hibernate.StatelessSession"),
            List.of("org.hibernate.SessionFactory#getCurrentSession"),
            List.of(), List.of(),
            // named one by one, not only by their supertypes: an audit without the class path cannot see that a
            // Session is a SharedSessionContract, and a call it cannot resolve declares nothing
            List.of("org.hibernate.SharedSessionContract", "org.hibernate.Session", "org.hibernate.StatelessSession",
                    "org.hibernate.SessionFactory", "org.hibernate.SessionBuilder",
                    "org.hibernate.StatelessSessionBuilder", "org.hibernate.Transaction",
                    "org.hibernate.query.CommonQueryContract", "org.hibernate.query.SelectionQuery",
                    "org.hibernate.query.MutationQuery", "org.hibernate.query.NativeQuery", "org.hibernate.query.Query",
                    "org.hibernate.Query", "org.hibernate.Criteria", "org.hibernate.ScrollableResults"),
            List.of(SessionResult.named("org.hibernate.query.SelectionQuery#stream", Results.STREAM),
                    SessionResult.named("org.hibernate.query.SelectionQuery#scroll", Results.SCROLLABLE_RESULTS),
                    SessionResult.named("org.hibernate.query.SelectionQuery#getResultStream", Results.STREAM),
                    SessionResult.named("org.hibernate.query.Query#stream", Results.STREAM),
                    SessionResult.named("org.hibernate.query.Query#getResultStream", Results.STREAM),
                    SessionResult.named("org.hibernate.query.Query#scroll", Results.SCROLLABLE_RESULTS),
                    SessionResult.named("org.hibernate.Query#stream", Results.STREAM),
                    SessionResult.named("org.hibernate.Query#scroll", Results.SCROLLABLE_RESULTS))),
    JPA(
            List.of("jakarta.persistence.EntityManagerFactory", "javax.persistence.EntityManagerFactory"),
            List.of("jakarta.persistence.EntityManagerFactory#createEntityManager",
                    "javax.persistence.EntityManagerFactory#createEntityManager"),
            List.of("jakarta.persistence.EntityManager", "javax.persistence.EntityManager"),
            List.of(), List.of(), List.of(),
            List.of("jakarta.persistence.EntityManager", "jakarta.persistence.EntityManagerFactory",
                    "jakarta.persistence.EntityTransaction", "jakarta.persistence.Query",
                    "jakarta.persistence.TypedQuery", "jakarta.persistence.StoredProcedureQuery",
                    "javax.persistence.EntityManager", "javax.persistence.EntityManagerFactory",
                    "javax.persistence.EntityTransaction", "javax.persistence.Query", "javax.persistence.TypedQuery",
                    "javax.persistence.StoredProcedureQuery"),
            List.of(SessionResult.named("jakarta.persistence.Query#getResultStream", Results.STREAM),
                    SessionResult.named("jakarta.persistence.TypedQuery#getResultStream", Results.STREAM),
                    SessionResult.named("javax.persistence.Query#getResultStream", Results.STREAM),
                    SessionResult.named("javax.persistence.TypedQuery#getResultStream", Results.STREAM))),
    JDBC(
            List.of("javax.sql.DataSource", "java.sql.DriverManager", "javax.sql.ConnectionPoolDataSource",
                    "javax.sql.XADataSource"),
            // connections, and a pool's physical ones fresh from their data sources (CallFacts.FRESH_POOLED_CONNECTIONS)
            Stream.concat(Stream.of("javax.sql.DataSource#getConnection", "java.sql.DriverManager#getConnection",
                    "java.sql.Driver#connect"), CallFacts.FRESH_POOLED_CONNECTIONS.stream().map(MethodRef::toString)).toList(),
            List.of("java.sql.Connection", CallFacts.POOLED_CONNECTION),
            List.of(), List.of(), List.of(),
            // JDBC signals failure with the SQLException its methods declare
            List.of(),
            List.of()),
    MYBATIS(
            List.of("org.apache.ibatis.session.SqlSessionFactory"),
            List.of("org.apache.ibatis.session.SqlSessionFactory#openSession"),
            List.of("org.apache.ibatis.session.SqlSession"),
            List.of(), List.of(),
            // mybatis-spring's template is a thread-safe proxy bound to the current transaction
            List.of("org.mybatis.spring.SqlSessionTemplate"),
            List.of("org.apache.ibatis.session.SqlSession", "org.apache.ibatis.session.SqlSessionFactory"),
            // a mapper is an interface of the project's: any of its methods that returns a Cursor
            List.of(SessionResult.named("org.apache.ibatis.session.SqlSession#selectCursor", Results.CURSOR),
                    SessionResult.anyMethod(null, Results.CURSOR))),
    /** Spring's helpers that bind connections, entity managers and MyBatis sessions to the current transaction. */
    SPRING(
            List.of(),
            List.of("org.springframework.jdbc.datasource.DataSourceUtils#getConnection",
                    "org.springframework.jdbc.datasource.DataSourceUtils#doGetConnection",
                    "org.mybatis.spring.SqlSessionUtils#getSqlSession"),
            List.of(),
            List.of("org.springframework.orm.jpa.EntityManagerFactoryUtils#getTransactionalEntityManager",
                    "org.springframework.orm.jpa.EntityManagerFactoryUtils#doGetTransactionalEntityManager",
                    "org.springframework.orm.jpa.SharedEntityManagerCreator#createSharedEntityManager"),
            List.of("org.springframework.jdbc.datasource.DataSourceUtils#releaseConnection",
                    "org.springframework.jdbc.datasource.DataSourceUtils#doReleaseConnection",
                    "org.springframework.jdbc.datasource.DataSourceUtils#doCloseConnection",
                    "org.springframework.orm.jpa.EntityManagerFactoryUtils#closeEntityManager",
                    "org.mybatis.spring.SqlSessionUtils#closeSqlSession"),
            List.of(),
            // the templates and helpers declare their DataAccessException and TransactionException; the fluent
            // JdbcClient declares nothing
            List.of("org.springframework.jdbc.core.simple.JdbcClient",
                    "org.springframework.jdbc.core.simple.JdbcClient$StatementSpec",
                    "org.springframework.jdbc.core.simple.JdbcClient$MappedQuerySpec",
                    "org.springframework.jdbc.core.simple.JdbcClient$ResultQuerySpec"),
            // the templates named too: an audit without the class path cannot see what they implement
            List.of(SessionResult.named("org.springframework.jdbc.core.JdbcOperations#queryForStream", Results.STREAM),
                    SessionResult.named("org.springframework.jdbc.core.JdbcTemplate#queryForStream", Results.STREAM),
                    SessionResult.named("org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations#queryForStream", Results.STREAM),
                    SessionResult.named("org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate#queryForStream", Results.STREAM),
                    // a Spring Data repository's streaming query method, whatever its name; its usual parents named too
                    SessionResult.anyMethod("org.springframework.data.repository.Repository", Results.STREAM),
                    SessionResult.anyMethod("org.springframework.data.repository.CrudRepository", Results.STREAM),
                    SessionResult.anyMethod("org.springframework.data.repository.ListCrudRepository", Results.STREAM),
                    SessionResult.anyMethod("org.springframework.data.repository.PagingAndSortingRepository", Results.STREAM),
                    SessionResult.anyMethod("org.springframework.data.jpa.repository.JpaRepository", Results.STREAM))),
    /**
     * Hibernate Reactive: {@code withSession}, {@code withTransaction}, {@code withStatelessSession} and
     * {@code withStatelessTransaction} are the doors; {@code openSession()} hands out a {@code Uni} (Mutiny) or a
     * {@code CompletionStage} (Stage) of a session the pipeline must close.
     */
    HIBERNATE_REACTIVE(
            List.of("org.hibernate.reactive.mutiny.Mutiny$SessionFactory", "org.hibernate.reactive.stage.Stage$SessionFactory"),
            List.of("org.hibernate.reactive.mutiny.Mutiny$SessionFactory#openSession",
                    "org.hibernate.reactive.mutiny.Mutiny$SessionFactory#openStatelessSession",
                    "org.hibernate.reactive.stage.Stage$SessionFactory#openSession",
                    "org.hibernate.reactive.stage.Stage$SessionFactory#openStatelessSession"),
            List.of("org.hibernate.reactive.mutiny.Mutiny$Session", "org.hibernate.reactive.mutiny.Mutiny$StatelessSession",
                    "org.hibernate.reactive.stage.Stage$Session", "org.hibernate.reactive.stage.Stage$StatelessSession"),
            "use sessionFactory.withSession(session -> ...) or withTransaction(...), which close the session, or close it"
                    + " in the same pipeline (Mutiny: .eventually(session::close); Stage: .whenComplete((r, e) -> session.close()))"),
    /** R2DBC: {@code ConnectionFactory#create()} opens; {@code Mono.usingWhen}/{@code Flux.usingWhen} (or Spring's {@code DatabaseClient}) scope it. */
    R2DBC(
            List.of("io.r2dbc.spi.ConnectionFactory"),
            List.of("io.r2dbc.spi.ConnectionFactory#create"),
            List.of("io.r2dbc.spi.Connection"),
            "scope the connection: Mono.usingWhen(connectionFactory.create(), connection -> ..., Connection::close)"
                    + " (or use Spring's DatabaseClient)"),
    /** The Vert.x SQL client: {@code Pool#withConnection}/{@code withTransaction} are the doors; {@code getConnection()} hands out a {@code Future}. */
    VERTX_SQL(
            List.of("io.vertx.sqlclient.Pool"),
            List.of("io.vertx.sqlclient.Pool#getConnection"),
            List.of("io.vertx.sqlclient.SqlConnection"),
            "use pool.withConnection(connection -> ...) or withTransaction(...), which close the connection, or close it"
                    + " in the same pipeline: .eventually(connection::close)");

    /** The types session-bearing results have (a holder: enum constants cannot name the enum's own static fields). */
    private static final class Results {
        static final String STREAM = "java.util.stream.Stream";
        static final String CURSOR = "org.apache.ibatis.cursor.Cursor";
        static final String SCROLLABLE_RESULTS = "org.hibernate.ScrollableResults";
    }

    private final List<String> rawFactories;
    private final List<MethodRef> sessionSources;
    private final List<String> sessionTypes;
    private final List<MethodRef> containerManaged;
    private final List<MethodRef> closers;
    private final List<String> threadSafeTemplates;
    private final List<String> uncheckedFailureTypes;
    private final List<SessionResult> sessionResults;
    private final String pipelineFix;

    /** A reactive preset: its opener hands out a session through a pipeline ({@code Publisher}, {@code Uni}, ...). */
    Preset(List<String> rawFactories, List<String> sessionSources, List<String> sessionTypes, String pipelineFix) {
        this(rawFactories, sessionSources, sessionTypes, List.of(), List.of(), List.of(),
                // a pipeline signals failure as an error signal, not as an exception of the call that builds it
                List.of(), List.of(), pipelineFix);
    }

    Preset(List<String> rawFactories, List<String> sessionSources, List<String> sessionTypes, List<String> containerManaged,
           List<String> closers, List<String> threadSafeTemplates, List<String> uncheckedFailureTypes,
           List<SessionResult> sessionResults) {
        this(rawFactories, sessionSources, sessionTypes, containerManaged, closers, threadSafeTemplates,
                uncheckedFailureTypes, sessionResults, null);
    }

    Preset(List<String> rawFactories, List<String> sessionSources, List<String> sessionTypes, List<String> containerManaged,
           List<String> closers, List<String> threadSafeTemplates, List<String> uncheckedFailureTypes,
           List<SessionResult> sessionResults, String pipelineFix) {
        this.pipelineFix = pipelineFix;
        this.rawFactories = rawFactories;
        this.sessionSources = sessionSources.stream().map(s -> MethodRef.parse("preset", s)).toList();
        this.sessionTypes = sessionTypes;
        this.containerManaged = containerManaged.stream().map(s -> MethodRef.parse("preset", s)).toList();
        this.closers = closers.stream().map(s -> MethodRef.parse("preset", s)).toList();
        this.threadSafeTemplates = threadSafeTemplates;
        this.uncheckedFailureTypes = uncheckedFailureTypes;
        this.sessionResults = sessionResults;
    }

    /**
     * The preset's name in configuration: {@code hibernate}, {@code jpa}, {@code jdbc}, {@code mybatis}, {@code spring},
     * {@code hibernate-reactive}, {@code r2dbc}, {@code vertx-sql}.
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Whether the preset's sources hand out their session through a pipeline (a {@code Publisher}, {@code Uni},
     * {@code CompletionStage} or Vert.x {@code Future}) that must close it.
     */
    public boolean isReactive() {
        return pipelineFix != null;
    }

    /** The fix of a reactive preset's leak: its scoped door, or the close in the pipeline; empty for the others. */
    public Optional<String> pipelineFix() {
        return Optional.ofNullable(pipelineFix);
    }

    public List<String> rawFactories() {
        return rawFactories;
    }

    public List<MethodRef> sessionSources() {
        return sessionSources;
    }

    public List<String> sessionTypes() {
        return sessionTypes;
    }

    /** Methods that hand out a session the container owns ({@code getCurrentSession}): never a source. */
    public List<MethodRef> containerManaged() {
        return containerManaged;
    }

    /** Methods that close or release the session passed to them. */
    public List<MethodRef> closers() {
        return closers;
    }

    /** Types that implement a session type but are thread-safe proxies a container owns: never sessions. */
    public List<String> threadSafeTemplates() {
        return threadSafeTemplates;
    }

    /**
     * Types whose methods (and their subtypes') signal ordinary failure with unchecked exceptions, declared or not
     * (Hibernate's {@code HibernateException}, JPA's {@code PersistenceException}, Spring's
     * {@code DataAccessException}): a call on one may throw an unchecked exception. Other library calls throw what
     * they declare.
     */
    public List<String> uncheckedFailureTypes() {
        return uncheckedFailureTypes;
    }

    /**
     * Calls that hand out a session-bearing result (a {@code Stream} or cursor that keeps its connection until closed):
     * tracked like sessions, also where the session or template they come from is container-managed.
     */
    public List<SessionResult> sessionResults() {
        return sessionResults;
    }

    /**
     * The session sources of every preset by the type that declares them, to the names of its methods that open a
     * session ({@code org.hibernate.SessionFactory} to {@code openSession, openStatelessSession}), in preset order. The
     * reactive presets are not among them: their openers hand out a pipeline, not a session the run-time check can watch.
     */
    public static Map<String, Set<String>> sourcesByOwner() {
        Map<String, Set<String>> owners = new LinkedHashMap<>();
        for (Preset p : values()) {
            if (p.isReactive()) {
                continue;
            }
            for (MethodRef source : p.sessionSources) {
                owners.computeIfAbsent(source.ownerType(), o -> new LinkedHashSet<>()).add(source.methodName());
            }
        }
        owners.replaceAll((owner, methods) -> Collections.unmodifiableSet(methods));
        return Collections.unmodifiableMap(owners);
    }

    /**
     * {@code TYPE#METHOD} of every preset's session-bearing result named by its owner and method that returns
     * {@code returnType} ({@code org.springframework.jdbc.core.JdbcTemplate#queryForStream} for a {@code Stream}).
     */
    public static Set<String> resultMethods(String returnType) {
        return Stream.of(values()).flatMap(p -> p.sessionResults.stream())
                .filter(r -> r.ownerType() != null && r.methodName() != null && returnType.equals(r.returnType()))
                .map(r -> r.ownerType() + "#" + r.methodName())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Looks a preset up by its configuration name; the error names the key and the value. */
    public static Preset byId(String key, String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Stream.of(values()).filter(p -> p.id().equals(wanted)).findFirst()
                .orElseThrow(() -> new SessionGuardConfigurationException(key, id,
                        "unknown preset (known: " + ids() + ")"));
    }

    static Set<String> idSet() {
        return Stream.of(values()).map(Preset::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String ids() {
        return String.join(", ", idSet());
    }
}
