package dev.sessionguard.policy;

import dev.sessionguard.annotation.Internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The facts about library calls that every layer shares, in one table (in the spirit of SpotBugs'
 * {@code ObligationPolicyDatabase}): what counts as a programming error, what keeps what it is given, which JDK calls
 * run the caller's code or hand an argument back, and which calls close. The flow analysis and the recipes read it;
 * what throws for the presets' own APIs is {@link Preset#uncheckedFailureTypes()}. Names are binary type names.
 * <p>Internal: may change without notice.
 */
@Internal
public final class CallFacts {
    private CallFacts() {
    }

    /**
     * Whether a type (binary or internal name) is a logger, known by its name (SLF4J, JUL, Commons Logging, Log4j, and a
     * project's own {@code Log}). Logging fails only on a programming error: a session is not left open by a log call
     * in a catch block, and no reviewer accepts a report that says so. A message supplier given to a logger
     * ({@code log.debug(() -> "opened " + session)}) only reads what it captured.
     */
    public static boolean isLogger(String owner) {
        String simple = simpleName(owner);
        return simple.endsWith("Logger") || simple.endsWith("Log");
    }

    /** A type's simple name, from its binary or internal name (a nested class's own name, after its last {@code $}). */
    private static String simpleName(String owner) {
        int end = Math.max(owner.lastIndexOf('/'), Math.max(owner.lastIndexOf('.'), owner.lastIndexOf('$')));
        return owner.substring(end + 1);
    }

    /**
     * The simple names of assertion helpers: Spring's {@code Assert}, Guava's {@code Preconditions} and {@code Verify},
     * Commons Lang's {@code Validate}, JUnit's {@code Assertions}, and a project's own {@code Assert}. Whatever they throw
     * (Guava's {@code VerifyException}, a project's own runtime exception), a failed assertion is a programming error,
     * not a way to skip a close.
     */
    public static final Set<String> ASSERTION_HELPERS = Set.of("Assert", "Asserts", "Assertions", "Preconditions",
            "Validate", "Verify");

    /** Whether a class is an assertion helper ({@link #ASSERTION_HELPERS}), by its simple name. */
    public static boolean isAssertionHelper(String owner) {
        return ASSERTION_HELPERS.contains(simpleName(owner));
    }

    /**
     * JDBC's wrapper interface: {@code unwrap(X.class)} on an object that is an {@code X} returns it or a proxy of it,
     * and throws only when nothing implements {@code X} (JDBC 4.3, {@code java.sql.Wrapper}).
     */
    public static final String WRAPPER = "java.sql.Wrapper";
    /** {@link #WRAPPER}'s method that hands out the object as one of the interfaces it implements. */
    public static final String UNWRAP = "unwrap";

    /**
     * Unchecked exceptions (and their subtypes) that signal a programming error, not a run-time failure: a path on
     * which one is thrown is not a path a reviewer accepts as "the close was skipped" (a bad argument, a call in the
     * wrong state, a null, an unsupported operation, a bad index or cast, an unknown constant in a switch).
     */
    public static final List<String> PROGRAMMING_ERRORS = List.of("java.lang.IllegalArgumentException",
            "java.lang.IllegalStateException", "java.lang.NullPointerException",
            "java.lang.UnsupportedOperationException", "java.lang.IndexOutOfBoundsException",
            "java.lang.ClassCastException", "java.lang.ArithmeticException", "java.lang.ArrayStoreException",
            "java.lang.NegativeArraySizeException", "java.util.NoSuchElementException",
            "java.util.ConcurrentModificationException", "java.lang.MatchException");

    /**
     * Containers that keep what they are given: a session added to one lives as long as the container does, so it is
     * handed on when the container is (returned, stored, passed on), and leaks with a container that is dropped.
     */
    public static final List<String> KEEPERS = List.of("java.util.Collection", "java.util.Map", "java.lang.ThreadLocal",
            "java.util.Optional", "java.util.stream.Stream", "java.util.concurrent.atomic.AtomicReference");

    /**
     * The methods of a keeper that only look at what they are given, or give its elements out (to the caller or to a
     * callback): every other method of a keeper that receives a session keeps it ({@code add}, {@code addElement},
     * {@code put}, {@code push}, {@code of}, ...).
     */
    public static final Set<String> NON_KEEPING_METHODS = Set.of("contains", "containsKey", "containsValue",
            "containsAll", "indexOf", "lastIndexOf", "remove", "removeAll", "removeElement", "removeFirstOccurrence",
            "removeLastOccurrence", "retainAll", "equals", "get", "getOrDefault", "search", "isPresent", "filter",
            "noneMatch", "anyMatch", "allMatch", "forEach", "forEachRemaining", "removeIf", "ifPresent",
            "ifPresentOrElse", "map", "flatMap", "orElse", "orElseGet", "orElseThrow");

    /**
     * Whether a method of a keeper ({@link #KEEPERS}) keeps the arguments it is given: any that takes arguments and does
     * not only look at them; the bytecode rules and the recipes both ask this.
     */
    public static boolean keepsArguments(String methodName) {
        return !NON_KEEPING_METHODS.contains(methodName) && !methodName.equals("<init>");
    }

    /**
     * JDK types whose methods run code of the caller's (a task, a callback, a reflective call): they may throw whatever
     * that code throws, so an unchecked exception counts for them though they declare none.
     */
    public static final List<String> CALLBACK_TYPES = List.of("java.lang.Runnable",
            "java.lang.reflect.InvocationHandler", "java.lang.invoke.", "java.util.function.", "java.util.concurrent.Executor", "java.util.concurrent.Future",
            "java.util.concurrent.Completable", "java.util.concurrent.Callable", "java.util.concurrent.ForkJoin",
            "java.util.concurrent.ScheduledExecutor", "java.util.stream.");


    /**
     * JDK calls whose result carries an argument on, as {@code Type#method} to the parameter: {@code requireNonNull}
     * returns it, a proxy wraps the invocation handler that captured it.
     */
    public static final Map<String, Integer> PASS_THROUGHS = Map.of("java.util.Objects#requireNonNull", 0,
            "java.lang.reflect.Proxy#newProxyInstance", 2);

    /**
     * Fragments of a JDBC URL that ask the driver to stop rather than connect: Derby's {@code ;shutdown=true} makes
     * {@code DriverManager.getConnection} and {@code Driver.connect} throw on every path (SQLState 08006 or XJ015, the
     * shutdown's own acknowledgement), so a call given such a URL never hands out a connection.
     */
    public static final List<String> SHUTDOWN_URL_FRAGMENTS = List.of(";shutdown=true");

    /** Closers the compilers of other JVM languages emit for their own try-with-resources. */
    public static final List<MethodRef> LANGUAGE_CLOSERS = List.of(
            MethodRef.of("kotlin.io.CloseableKt", "closeFinally"),
            MethodRef.of("kotlin.AutoCloseableKt", "closeFinally"),
            MethodRef.of("kotlin.jdk7.AutoCloseableKt", "closeFinally"));

    /**
     * A session's own answer to whether it is closed: a branch on it tells the session's state, and the query is never
     * the reason the close it guards is skipped.
     */
    public static final Set<String> SESSION_STATE_QUERIES = Set.of("isClosed", "isOpen");

    /**
     * Whether a call sets one of a session object's own properties ({@code setHibernateFlushMode(MANUAL)},
     * {@code setDefaultReadOnly(true)}, a query's {@code setParameter("id", id)} or {@code setMaxResults(10)}): a setter
     * records configuration and does no I/O, whether it returns nothing or the object itself for the next call, and its
     * documented failures are an {@code IllegalArgumentException} (an unknown parameter, a value of the wrong type) or
     * an {@code IllegalStateException}; so on a session API that signals failure unchecked it fails only as a
     * programming error would.
     */
    public static boolean isPropertySetter(String name, String descriptor) {
        return name.length() > 3 && name.startsWith("set") && Character.isUpperCase(name.charAt(3))
                && !descriptor.startsWith("()");
    }

    /**
     * Methods of the session APIs that build a query from its string or name and do no database work: JPA documents
     * their failures as an {@code IllegalArgumentException} (a query not defined, a query string found invalid) or an
     * {@code IllegalStateException} (a closed entity manager), Hibernate reports a bad query string the same way, so they
     * fail only as a programming error would. Running the query is database work, and its failures count.
     */
    public static final Set<String> QUERY_BUILDERS = Set.of("createQuery", "createNamedQuery", "createNativeQuery",
            "createSQLQuery", "createCriteria", "createSelectionQuery", "createMutationQuery",
            "createNamedSelectionQuery", "createNamedMutationQuery", "createNativeMutationQuery",
            "createStoredProcedureQuery", "createNamedStoredProcedureQuery", "getNamedQuery", "getNamedNativeQuery");

    /**
     * Methods of the session APIs that read the session's own state or hand out one of its handles and do no database
     * work; their documented failures are an {@code IllegalStateException} (a closed session; {@code getTransaction()}
     * on a JTA entity manager; {@code getRollbackOnly()} on a transaction that is not active), so on a session API that
     * signals failure unchecked they fail only as a programming error would. A transaction's {@code isActive()} reads
     * its status, so the {@code if (tx.isActive()) tx.rollback();} before a close is not skipped by the test but by the
     * rollback. Only when they take no arguments.
     */
    public static final Set<String> SESSION_STATE_ACCESSORS = Set.of("isOpen", "isConnected", "isJoinedToTransaction",
            "isActive", "getRollbackOnly", "getStatus",
            "isDefaultReadOnly", "getTransaction", "getDelegate", "getEntityManagerFactory", "getSessionFactory",
            "getCriteriaBuilder", "getMetamodel", "getProperties", "getFlushMode", "getHibernateFlushMode",
            "getCacheMode", "getTenantIdentifier", "getConfiguration");

    /**
     * Whether a call only reads the session's state ({@link #SESSION_STATE_ACCESSORS}), sets one of its properties or
     * builds a query ({@link #QUERY_BUILDERS}): no database work.
     */
    public static boolean isStateAccess(String name, String descriptor) {
        return isPropertySetter(name, descriptor) || QUERY_BUILDERS.contains(name)
                || descriptor.startsWith("()") && SESSION_STATE_ACCESSORS.contains(name);
    }

    /**
     * JDBC's pooled physical connection ({@code PooledConnection}, {@code XAConnection}). One fresh from its data source
     * ({@link #FRESH_POOLED_CONNECTIONS}) has nobody listening to it: the logical handle its {@code getConnection()}
     * gives out is then no view of it, since closing the handle only signals a {@code ConnectionEvent} and leaves the
     * physical connection open (JDBC 4.3, chapter 11). A pool manager that listens to it
     * ({@link #POOL_MANAGER_LISTENS}) owns it from then on: it closes or reuses it when the handle is closed or fails.
     */
    public static final String POOLED_CONNECTION = "javax.sql.PooledConnection";

    /**
     * Session types that are not {@code AutoCloseable}, so try-with-resources cannot take them (JPA's entity manager
     * before Jakarta Persistence 3.1, JDBC's pooled connections), to how a fix declares one for its try/finally.
     */
    public static final Map<String, String> NOT_AUTO_CLOSEABLE = Map.of(
            "javax.persistence.EntityManager", "EntityManager em",
            POOLED_CONNECTION, "PooledConnection pooled",
            "javax.sql.XAConnection", "XAConnection xa");

    /** The data sources' own factories of pooled physical connections, which nobody listens to yet. */
    public static final List<MethodRef> FRESH_POOLED_CONNECTIONS = List.of(
            MethodRef.of("javax.sql.ConnectionPoolDataSource", "getPooledConnection"),
            MethodRef.of("javax.sql.XADataSource", "getXAConnection"));

    /** The call by which a pool manager starts listening to a pooled connection, and so takes it over. */
    public static final String POOL_MANAGER_LISTENS = "addConnectionEventListener";

    /**
     * The JDK's stream types: an intermediate operation ({@code map}, {@code filter}, {@code onClose}, ...) returns a
     * stream whose close closes the stream it was called on, so a session-bearing stream lives on in its result.
     */
    public static final Set<String> STREAM_TYPES = Set.of("java.util.stream.BaseStream", "java.util.stream.Stream",
            "java.util.stream.IntStream", "java.util.stream.LongStream", "java.util.stream.DoubleStream");

    /** Whether a call on {@code owner} that returns {@code returned} (binary names) hands out a view of its stream. */
    public static boolean isStreamView(String owner, String returned) {
        return STREAM_TYPES.contains(owner) && STREAM_TYPES.contains(returned);
    }

    /**
     * The types of a value that arrives later (a reactive stream, a future): a reactive opener hands its session out in
     * one ({@code ConnectionFactory#create()}'s {@code Publisher}, Hibernate Reactive's {@code Uni} or
     * {@code CompletionStage}, the Vert.x pool's {@code Future}), and the pipeline built on it must close it. Mutiny's
     * operator groups ({@code uni.onItem()}, {@code uni.onTermination()}) are of {@link #REACTIVE_GROUPS}.
     */
    public static final Set<String> REACTIVE_TYPES = Set.of("org.reactivestreams.Publisher",
            "java.util.concurrent.Flow$Publisher", "reactor.core.publisher.Mono", "reactor.core.publisher.Flux",
            "reactor.core.CorePublisher", "io.smallrye.mutiny.Uni", "io.smallrye.mutiny.Multi",
            "java.util.concurrent.CompletionStage", "java.util.concurrent.CompletableFuture", "io.vertx.core.Future");

    /** The package of Mutiny's operator groups, which hand on the pipeline they were called on. */
    public static final String REACTIVE_GROUPS = "io.smallrye.mutiny.groups.";

    /** Whether a binary type name is one of {@link #REACTIVE_TYPES} or a Mutiny operator group. */
    public static boolean isReactiveName(String binaryName) {
        return REACTIVE_TYPES.contains(binaryName) || binaryName.startsWith(REACTIVE_GROUPS);
    }

    /**
     * Pipeline operators whose result emits what the pipeline it was called on emits (a side effect, a timeout, a
     * conversion, a Mutiny group), or wraps the value it is given ({@code Mono.just(c)}), or gives out that value
     * ({@code block()}, {@code await().indefinitely()}, {@code join()}): a session in the pipeline lives on in the result.
     */
    public static final Set<String> PIPELINE_KEEPING = Set.of("from", "fromDirect", "fromCompletionStage", "fromFuture",
            "publisher", "completionStage", "uni", "just", "justOrEmpty", "item", "succeededFuture", "completedFuture",
            "completedStage", "toCompletionStage", "toCompletableFuture", "subscribeAsCompletionStage", "onItem",
            "onFailure", "onTermination", "onCancellation", "onSubscription", "invoke", "call", "eventually", "doOnNext",
            "doOnSuccess", "doOnEach", "doOnSubscribe", "doOnError", "doOnCancel", "doOnTerminate", "doAfterTerminate",
            "doFinally", "doOnRequest", "doOnDiscard", "filter", "log", "checkpoint", "cache", "share", "timeout",
            "subscribeOn", "publishOn", "delayElement", "delaySubscription", "contextWrite", "hide", "single", "next",
            "take", "emitOn", "runSubscriptionOn", "memoize", "whenComplete", "whenCompleteAsync", "exceptionally",
            "onSuccess", "onComplete", "andThen", "await", "block", "blockFirst", "blockLast", "indefinitely", "atMost",
            "join", "get", "getNow", "result");

    /**
     * Pipeline operators that hand what the pipeline emits to a function and emit (or end with) what the function
     * makes: a session handed to the function is lost there unless the function closes it or hands it on.
     */
    public static final Set<String> PIPELINE_TRANSFORMING = Set.of("map", "flatMap", "flatMapMany", "flatMapIterable",
            "flatMapSequential", "concatMap", "switchMap", "handle", "chain", "transformToUni", "transformToMulti",
            "transformToUniAndConcatenate", "transformToUniAndMerge", "compose", "thenCompose", "thenComposeAsync",
            "thenApply", "thenApplyAsync", "thenAccept", "thenAcceptAsync", "subscribe", "with");

    /**
     * Operators that scope a resource a pipeline hands out, as {@code NAME} to the argument index of the cleanup that
     * receives it (the resource is the first argument): {@code Mono.usingWhen(factory.create(), work, Connection::close)}.
     */
    public static final Map<String, Integer> PIPELINE_SCOPES = Map.of("usingWhen", 2);

    /** Types any object with a close of its own may be recognised by, besides a {@code close()} method. */
    public static final Set<String> CLOSEABLE = Set.of("java.lang.AutoCloseable", "java.io.Closeable");

    /** Package prefixes of the JDK, whose method bodies are never read: its methods throw what they declare. */
    public static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    /** Whether a binary type name is the JDK's. */
    public static boolean isJdk(String binaryName) {
        return JDK_PACKAGES.stream().anyMatch(binaryName::startsWith)
                && !binaryName.startsWith("javax.persistence.");
    }

    /**
     * JDK methods that run code of the caller's on a type whose other methods do not, by type: the reflective
     * {@code Method#invoke} and {@code Constructor#newInstance} (the other methods only describe a member,
     * {@code getName()}), and {@code Iterable#forEach}, which runs the action it is given ({@code iterator()} only hands
     * out the collection's own iterator).
     */
    public static final Map<String, String> CALLBACK_METHODS = Map.of("java.lang.reflect.Method", "invoke",
            "java.lang.reflect.Constructor", "newInstance", "java.lang.Iterable", "forEach");

    /**
     * Whether a JDK method (its type's binary name, its name) runs the caller's code ({@link #CALLBACK_TYPES},
     * {@link #CALLBACK_METHODS}).
     */
    public static boolean runsCallersCode(String binaryName, String method) {
        return CALLBACK_TYPES.stream().anyMatch(binaryName::startsWith) || method.equals(CALLBACK_METHODS.get(binaryName));
    }
}
