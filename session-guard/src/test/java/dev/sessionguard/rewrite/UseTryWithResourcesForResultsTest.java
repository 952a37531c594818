package dev.sessionguard.rewrite;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.openrewrite.java.JavaParser;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;
import org.openrewrite.test.SourceSpecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrewrite.java.Assertions.java;

/**
 * {@link UseTryWithResourcesForSessions} on session-bearing results, over real Spring Data, Spring JDBC, JPA and MyBatis
 * types: a Stream or Cursor consumed in the statement that obtains it gets a try-with-resources; what is not mechanical
 * is left alone and reported.
 */
class UseTryWithResourcesForResultsTest implements RewriteTest {
    @Override
    public void defaults(RecipeSpec spec) {
        spec.recipe(new UseTryWithResourcesForSessions()).parser(JavaParser.fromJavaVersion().classpath("spring-data-commons",
                "spring-jdbc", "spring-core", "spring-beans", "spring-tx", "jakarta.persistence-api", "mybatis"));
    }

    private static final String NOTE = """
            package com.acme.shop;

            public class Note {
                private String text;

                public String getText() {
                    return text;
                }
            }
            """;
    private static final String REPOSITORY = """
            package com.acme.shop;

            import java.util.stream.Stream;
            import org.springframework.data.repository.Repository;

            public interface NoteRepository extends Repository<Note, Long> {
                Stream<Note> streamAllBy();
            }
            """;

    private static SourceSpecs[] withRepository(SourceSpecs source) {
        return new SourceSpecs[] {java(NOTE), java(REPOSITORY), source};
    }

    private static void leftAlone(RecipeSpec spec, Tuple... rows) {
        spec.dataTable(SessionsLeftAlone.Row.class, found -> assertThat(found)
                .extracting(SessionsLeftAlone.Row::session, SessionsLeftAlone.Row::reason).containsExactlyInAnyOrder(rows));
    }

    @Test
    void aRepositoryStreamMappedToAListBecomesTheResourceOfABlockThatSpansTheList() {
        rewriteRun(withRepository(java("""
                package com.acme.shop;

                import java.util.List;

                class Notes {
                    NoteRepository repository;

                    List<String> texts() {
                        // every text
                        List<String> texts = repository.streamAllBy().map(Note::getText).toList();
                        return texts;
                    }
                }
                """, """
                package com.acme.shop;

                import java.util.List;
                import java.util.stream.Stream;

                class Notes {
                    NoteRepository repository;

                    List<String> texts() {
                        // every text
                        try (Stream<Note> stream = repository.streamAllBy()) {
                            List<String> texts = stream.map(Note::getText).toList();
                            return texts;
                        }
                    }
                }
                """)));
    }

    @Test
    void aQueryForStreamConsumedByForEachAndAStreamReturnedAfterATerminalOperation() {
        rewriteRun(java("""
                import jakarta.persistence.EntityManager;
                import org.springframework.jdbc.core.JdbcTemplate;

                class Report {
                    void print(JdbcTemplate jdbc) {
                        jdbc.queryForStream("select name from shop", (rs, i) -> rs.getString(1)).forEach(System.out::println);
                    }

                    long count(EntityManager em) {
                        return em.createQuery("select s.name from Shop s", String.class).getResultStream().count();
                    }
                }
                """, """
                import jakarta.persistence.EntityManager;
                import org.springframework.jdbc.core.JdbcTemplate;

                import java.util.stream.Stream;

                class Report {
                    void print(JdbcTemplate jdbc) {
                        try (Stream<String> stream = jdbc.queryForStream("select name from shop", (rs, i) -> rs.getString(1))) {
                            stream.forEach(System.out::println);
                        }
                    }

                    long count(EntityManager em) {
                        try (Stream<String> stream = em.createQuery("select s.name from Shop s", String.class).getResultStream()) {
                            return stream.count();
                        }
                    }
                }
                """));
    }

    @Test
    void aCursorIteratedByAForLoopAndAStreamHeldByALocal() {
        rewriteRun(withRepository(java("""
                package com.acme.shop;

                import java.util.stream.Stream;
                import org.apache.ibatis.session.SqlSession;

                class Printer {
                    NoteRepository repository;

                    void print(SqlSession session) {
                        for (Object row : session.selectCursor("shops")) {
                            System.out.println(row);
                        }
                    }

                    long count() {
                        Stream<Note> all = repository.streamAllBy();
                        long n = all.count();
                        return n;
                    }
                }
                """, """
                package com.acme.shop;

                import java.util.stream.Stream;

                import org.apache.ibatis.cursor.Cursor;
                import org.apache.ibatis.session.SqlSession;

                class Printer {
                    NoteRepository repository;

                    void print(SqlSession session) {
                        try (Cursor<Object> cursor = session.selectCursor("shops")) {
                            for (Object row : cursor) {
                                System.out.println(row);
                            }
                        }
                    }

                    long count() {
                        try (Stream<Note> all = repository.streamAllBy()) {
                            long n = all.count();
                            return n;
                        }
                    }
                }
                """)));
    }

    @Test
    void whatIsNotMechanicalIsLeftAloneAndReported() {
        rewriteRun(spec -> leftAlone(spec,
                        Tuple.tuple("repository.streamAllBy()", "handed to consume(), which the recipe cannot tell closes it"),
                        Tuple.tuple("repository.streamAllBy()", "opened in a lambda expression, which has no statement to"
                                + " give it a block"),
                        Tuple.tuple("repository.streamAllBy()", "kept in texts, a lazy view of it: hold the result itself in"
                                + " a try-with-resources resource"),
                        Tuple.tuple("repository.streamAllBy()", "one of several results in one statement: give each its own"
                                + " try-with-resources")),
                withRepository(java("""
                        package com.acme.shop;

                        import java.util.function.Supplier;
                        import java.util.stream.Stream;

                        class Untouched {
                            NoteRepository repository;

                            Stream<Note> handedOn() {
                                return repository.streamAllBy();
                            }

                            Stream<String> viewHandedOn() {
                                return repository.streamAllBy().map(Note::getText);
                            }

                            void passed() {
                                consume(repository.streamAllBy());
                            }

                            Supplier<Long> counter() {
                                return () -> repository.streamAllBy().count();
                            }

                            void view() {
                                Stream<String> texts = repository.streamAllBy().map(Note::getText);
                                texts.close();
                            }

                            long twice() {
                                return repository.streamAllBy().count() + repository.streamAllBy().count();
                            }

                            void consume(Stream<Note> notes) {
                                try (notes) {
                                    notes.count();
                                }
                            }
                        }
                        """)));
    }
}
