package dev.sessionguard.hook;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hook's openers of session-bearing results (a Stream or cursor) and its reactive openers, on real git
 * repositories: each rejected where a line can tell, and each accepted in its scoped form ({@code HookInstallationTest}
 * runs them through the pre-commit framework).
 */
class ResultsAndReactiveHookTest {
    /** Each line marked {@code // leak} must be rejected, every other line accepted. */
    static final String RESULTS = """
            package com.acme.routes;

            import java.util.List;
            import java.util.stream.Stream;

            class Exports {
                org.springframework.jdbc.core.JdbcTemplate jdbc;
                jakarta.persistence.EntityManager em;
                org.hibernate.Session session;
                org.apache.ibatis.session.SqlSession sql;

                void spring() {
                    jdbc.queryForStream("select name from shop", (rs, i) -> rs.getString(1)).forEach(System.out::println); // leak
                    try (Stream<String> names = jdbc.queryForStream("select name from shop", (rs, i) -> rs.getString(1))) {
                        names.forEach(System.out::println);
                    }
                }
                List<String> jpa() {
                    List<String> names = em.createQuery("select s.name from Shop s", String.class).getResultStream().toList(); // leak
                    try (var s = em.createQuery("select s.name from Shop s", String.class).getResultStream()) {
                        return s.toList();
                    }
                }
                Stream<String> handedOn() {
                    return em.createQuery("select s.name from Shop s", String.class).getResultStream();
                }
                long consumedWhereReturned() {
                    return em.createQuery("select s from Shop s").getResultStream().count(); // leak
                }
                void hibernate() {
                    session.createQuery("from Shop", Object.class).setParameter("a", 1).stream().forEach(System.out::println); // leak
                    var rows = session.createSelectionQuery("from Shop", Object.class).scroll(); // leak
                    var list = session.createQuery("from Shop", Object.class).list().stream().count();
                    var names = List.of("a").stream().count();
                    try (var s = session.createQuery("from Shop", Object.class).stream()) {
                        s.count();
                    }
                }
                void mybatis() {
                    for (Object row : sql.selectCursor("shops")) { // leak
                        System.out.println(row);
                    }
                    try (org.apache.ibatis.cursor.Cursor<Object> c = sql.selectCursor("shops")) {
                        c.forEach(System.out::println);
                    }
                }
            }
            """;

    static final String REACTIVE = """
            package com.acme.routes;

            import io.r2dbc.spi.Connection;
            import org.hibernate.reactive.mutiny.Mutiny;
            import reactor.core.publisher.Mono;

            class Pipelines {
                Mutiny.SessionFactory sessionFactory; // raw
                io.r2dbc.spi.ConnectionFactory connectionFactory; // raw
                io.vertx.sqlclient.Pool pool; // raw
                StringBuilder builder;

                void hibernateReactive() {
                    sessionFactory.openSession().chain(s -> s.find(Object.class, 1)).await().indefinitely(); // leak
                    sessionFactory.withSession(s -> s.find(Object.class, 1)).await().indefinitely();
                    sessionFactory.openSession().chain(s -> s.find(Object.class, 1).eventually(s::close)).await().indefinitely();
                }
                void r2dbc() {
                    Mono.from(connectionFactory.create()).flatMap(c -> Mono.from(c.createStatement("select 1").execute())).block(); // leak
                    Mono.usingWhen(connectionFactory.create(), c -> Mono.from(c.createStatement("select 1").execute()), Connection::close).block();
                    Mono.usingWhen(
                            connectionFactory.create(),
                            c -> Mono.from(c.createStatement("select 1").execute()),
                            Connection::close).block();
                    Object other = builder.reverse().toString().chars().boxed().collect(java.util.stream.Collectors.toList());
                    Object made = java.nio.file.FileSystems.getDefault().newWatchService();
                    Object create = Mono.just(1).map(x -> x + 1);
                }
                void vertx() {
                    pool.getConnection().compose(c -> c.query("select 1").execute()); // leak
                    pool.withConnection(c -> c.query("select 1").execute());
                }
            }
            """;

    static final String DRIVERS = """
            package com.acme.routes;

            class Drivers {
                java.sql.Driver driver;
                java.net.Socket socket;

                void jdbc() throws Exception {
                    java.sql.Connection c = driver.connect("jdbc:h2:mem:", new java.util.Properties()); // leak
                    try (java.sql.Connection d = driver.connect("jdbc:h2:mem:", new java.util.Properties())) {
                        d.getAutoCommit();
                    }
                    socket.connect(new java.net.InetSocketAddress(80));
                    java.net.URI.create("http://localhost").toURL().openConnection().connect();
                    java.sql.Driver d = driver;
                    d.connect("jdbc:h2:mem:", new java.util.Properties()).close();
                }
            }
            """;

    @TempDir
    Path dir;
    GitRepo repo;

    @BeforeEach
    void repo() throws Exception {
        repo = new GitRepo(dir);
    }

    @BeforeAll
    static void warmCache(@TempDir Path warm) throws Exception {
        PreCommitHookTest.warmCache(warm);
    }

    /** {@code path:line: ID} of every violation the output reports. */
    private static List<String> reported(GitRepo.Result r) {
        return r.out().lines().filter(l -> l.matches("[^ ].*:\\d+: SG00\\d .*"))
                .map(l -> l.substring(0, l.indexOf(" SG00") + 6)).toList();
    }

    /** {@code path:line: ID} of the lines of {@code source} marked with {@code comment}. */
    private static List<String> marked(String path, String source, String comment, String id) {
        List<String> lines = source.lines().toList();
        return java.util.stream.IntStream.range(0, lines.size()).filter(i -> lines.get(i).endsWith(comment))
                .mapToObj(i -> path + ":" + (i + 1) + ": " + id).collect(Collectors.toList());
    }

    /**
     * A JDBC Driver's connect() is a session source (jdbc preset); a socket's or a URL connection's is not, and a
     * receiver not named as a driver ({@code d.connect(...)}) is not seen: the line cannot tell it from the others.
     */
    @Test
    void a_drivers_connect_outside_try_with_resources_is_rejected_and_other_connects_pass() throws Exception {
        repo.write("src/com/acme/routes/Drivers.java", DRIVERS).stage("src");
        GitRepo.Result r = repo.hook();
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(reported(r)).containsExactlyElementsOf(marked("src/com/acme/routes/Drivers.java", DRIVERS, "// leak", "SG002"));
    }

    @Test
    void a_result_opened_outside_try_with_resources_is_rejected_and_its_scoped_form_accepted() throws Exception {
        repo.write("src/com/acme/routes/Exports.java", RESULTS).stage("src");
        GitRepo.Result r = repo.hook();
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(reported(r)).containsExactlyElementsOf(marked("src/com/acme/routes/Exports.java", RESULTS, "// leak", "SG002"));
        assertThat(r.out()).contains("src/com/acme/routes/Exports.java:13: SG002 session-bearing result (a Stream or cursor that"
                + " holds its connection until closed) outside a try-with-resources header: left open (SG002) or closed where"
                + " an exception can skip the close (SG003), which only the bytecode rules tell apart\n"
                + "    fix: consume it as the resource of a try-with-resources statement\n");
    }

    @Test
    void a_reactive_session_opened_outside_its_scope_is_rejected_and_the_scoped_forms_accepted() throws Exception {
        repo.write("src/com/acme/routes/Pipelines.java", REACTIVE).stage("src");
        GitRepo.Result r = repo.hook();
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        String path = "src/com/acme/routes/Pipelines.java";
        List<String> expected = new java.util.ArrayList<>(marked(path, REACTIVE, "// raw", "SG001"));
        expected.addAll(marked(path, REACTIVE, "// leak", "SG002"));
        assertThat(reported(r)).containsExactlyInAnyOrderElementsOf(expected);

        // in the db packages the raw factories are allowed; a leak is still a leak
        repo.git("rm", "-q", "--cached", path);
        String db = REACTIVE.replace("package com.acme.routes;", "package com.acme.db;");
        repo.write("src/com/acme/db/Pipelines.java", db).stage("src/com/acme/db/Pipelines.java");
        assertThat(reported(repo.hook())).containsExactlyElementsOf(marked("src/com/acme/db/Pipelines.java", db, "// leak", "SG002"));
    }

    @Test
    void the_openers_follow_the_configured_presets_and_session_results() throws Exception {
        String source = """
                package com.acme.routes;
                class R {
                    void a(org.springframework.jdbc.core.JdbcTemplate jdbc, Object em) {
                        jdbc.queryForStream("select 1", (rs, i) -> 1).count();
                        connectionFactory.create();
                        com.acme.db.Exports.export("shops").count();
                    }
                }
                """;
        repo.write("src/com/acme/routes/R.java", source).stage("src");
        repo.write("src/test/resources/session-guard.properties", "sessionguard.presets=jdbc\n");
        assertThat(repo.hook()).isEqualTo(new GitRepo.Result(0, ""));
        repo.write("src/test/resources/session-guard.properties",
                "sessionguard.presets=r2dbc,spring\nsessionguard.sessionResults=com.acme.db.Exports#export\n");
        assertThat(reported(repo.hook())).containsExactly("src/com/acme/routes/R.java:4: SG002",
                "src/com/acme/routes/R.java:5: SG002", "src/com/acme/routes/R.java:6: SG002");
    }

    @Test
    void what_a_line_cannot_tell_is_not_rejected() throws Exception {
        String source = """
                package com.acme.routes;
                class Limits {
                    java.util.List<String> a(com.acme.shop.ShopRepository repository, org.hibernate.Session session, Object factory) {
                        var names = repository.streamAllBy().map(Object::toString).toList();
                        var rows = session.createQuery("from Shop", Object.class)
                                .stream().count();
                        var c = reactor.core.publisher.Mono.from(cf.create());
                        return names;
                    }
                }
                """;
        repo.write("src/com/acme/routes/Limits.java", source).stage("src");
        GitRepo.Result r = repo.hook();
        assertThat(r.out()).as("a repository's Stream (any name), a query's stream() on the next line, create() on a"
                + " receiver not named as a ConnectionFactory: the bytecode rules judge them").isEmpty();
        assertThat(r.exit()).isZero();
    }
}
