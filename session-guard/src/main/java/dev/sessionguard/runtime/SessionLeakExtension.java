package dev.sessionguard.runtime;

import com.tngtech.archunit.PublicAPI;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * The JUnit Jupiter side of {@link SessionLeakCheck}. A scope opens before the first callback of its level and is
 * judged when JUnit closes that level's store, which happens after every {@code @AfterEach}/{@code @AfterAll} method
 * and every other extension's after-callbacks: a session a container closes at the end of the test's transaction is
 * closed by then.
 */
@PublicAPI(usage = ACCESS)
public final class SessionLeakExtension implements BeforeAllCallback, BeforeEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SessionLeakExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Unattributed.class, k -> new Unattributed());
        Scope parent = context.getParent().map(p -> p.getStore(NAMESPACE).get(Judge.class, Judge.class))
                .map(j -> j.scope).orElseGet(Ledger.INSTANCE::currentScope);
        Scope scope = Ledger.INSTANCE.begin(context.getRequiredTestClass().getName(), parent, false);
        context.getStore(NAMESPACE).put(Judge.class, new Judge(scope));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Judge classJudge = context.getStore(NAMESPACE).get(Judge.class, Judge.class);
        Scope scope = Ledger.INSTANCE.begin(testName(context), classJudge == null ? null : classJudge.scope, true);
        context.getStore(NAMESPACE).put(Judge.class, new Judge(scope));
    }

    private static String testName(ExtensionContext context) {
        String name = context.getRequiredTestClass().getName() + "#" + context.getRequiredTestMethod().getName() + "()";
        boolean invocation = context.getParent().flatMap(ExtensionContext::getTestMethod).isPresent();
        return invocation ? name + " " + context.getDisplayName() : name;
    }

    /** Judges a scope when JUnit closes the store it lives in. */
    @SuppressWarnings("deprecation") // CloseableResource is what JUnit 5 before 5.13 closes; later ones AutoCloseable
    private static final class Judge implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Scope scope;

        Judge(Scope scope) {
            this.scope = scope;
        }

        @Override
        public void close() {
            List<OpenedSession> leaks = Ledger.INSTANCE.end(scope);
            if (!leaks.isEmpty()) {
                throw LeakReport.error(scope.name, leaks);
            }
        }
    }

    /** Sessions opened on a thread no test started while several tests ran at once: judged at the end of the run. */
    @SuppressWarnings("deprecation")
    private static final class Unattributed implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            List<OpenedSession> leaks = Ledger.INSTANCE.endUnattributed();
            if (!leaks.isEmpty()) {
                throw LeakReport.error("one of several tests running at once", leaks);
            }
        }
    }
}
