package dev.sessionguard.runtime;

import dev.sessionguard.annotation.Internal;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.TestExecutionListener;

import java.util.List;

/**
 * {@link SessionLeakCheck} in Spring tests, found by Spring's test support through {@code META-INF/spring.factories}
 * (never loaded without Spring). The application context of a checked test class gets a bean post-processor that
 * hands out its {@code DataSource}, {@code SqlSessionFactory} and non-Hibernate {@code EntityManagerFactory} beans
 * watched, as {@link SessionLeaks#watch} would, and its Spring Data repositories watching the {@code Stream}s they hand
 * out; contexts of tests without the check are left as they are.
 */
@Internal
public final class SpringTestSupport implements ContextCustomizerFactory {
    private static final WatchBeans WATCH_BEANS = new WatchBeans();

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configs) {
        return checked(testClass) ? WATCH_BEANS : null;
    }

    static boolean checked(Class<?> testClass) {
        return TestContextAnnotationUtils.hasAnnotation(testClass, SessionLeakCheck.class) || EveryTest.switchedOn();
    }

    /** Contributes the post-processor; one instance, so that every checked test class shares one cached context. */
    private static final class WatchBeans implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            context.getBeanFactory().registerSingleton(Watcher.class.getName(), new Watcher());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof WatchBeans;
        }

        @Override
        public int hashCode() {
            return WatchBeans.class.hashCode();
        }
    }

    /** Last of the post-processors, so that what the others made of a factory bean is what gets watched. */
    private static final class Watcher implements BeanPostProcessor, Ordered {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (WatchedFactory.watchable(bean)) {
                return WatchedFactory.wrap(bean);
            }
            return WatchedFactory.isRepository(bean) ? WatchedFactory.watchResults(bean) : bean;
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /**
     * Loads the test's application context before any of Spring's listeners would (the first, the servlet listener,
     * is at 1000), with nothing recorded: what the context's beans open while it starts, and keep for its lifetime,
     * belongs to the context, which outlives the test class that happened to load it first.
     */
    public static final class ContextStart implements TestExecutionListener, Ordered {
        @Override
        public int getOrder() {
            return 500;
        }

        @Override
        public void prepareTestInstance(TestContext testContext) {
            load(testContext);
        }
    }

    /** The same for a context {@code @DirtiesContext} closed before a test method: after it (1500), before injection (2000). */
    public static final class ContextRestart implements TestExecutionListener, Ordered {
        @Override
        public int getOrder() {
            return 1900;
        }

        @Override
        public void beforeTestMethod(TestContext testContext) {
            load(testContext);
        }
    }

    private static void load(TestContext testContext) {
        if (checked(testContext.getTestClass())) {
            Ledger.INSTANCE.whileContainerStarts(testContext::getApplicationContext);
        }
    }
}
