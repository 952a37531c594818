package dev.sessionguard.runtime;

import com.tngtech.archunit.PublicAPI;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * Fails a test that leaves a session open: every session a watched factory opened during the test and that is still
 * open once the test and its {@code @AfterEach} methods (and any other extension's, such as Spring's transaction
 * rollback) are done, is reported as
 * {@code SG002 runtime: <type> opened at <class>#<method>(<File>.java:<line>) during <test> was never closed},
 * followed by the opener's stack. Sessions opened in {@code @BeforeAll} are judged after {@code @AfterAll}.
 *
 * <p>Watched are Hibernate sessions of any factory Hibernate builds while session-guard is on the classpath (through
 * the {@code hibernate.session.events.auto} setting, unless that is already set); in a Spring test, the
 * {@code DataSource}, {@code SqlSessionFactory} and non-Hibernate {@code EntityManagerFactory} beans of its application
 * context; and whatever goes through a factory wrapped by {@link SessionLeaks#watch}. JUnit's extension
 * auto-detection ({@code junit.jupiter.extensions.autodetection.enabled=true}) puts the check on every test class.
 *
 * <pre>{@code
 * @SessionLeakCheck
 * class OrderRoutesTest { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(SessionLeakExtension.class)
@PublicAPI(usage = ACCESS)
public @interface SessionLeakCheck {
}
