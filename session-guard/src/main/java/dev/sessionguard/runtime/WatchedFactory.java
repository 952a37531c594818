package dev.sessionguard.runtime;

import dev.sessionguard.policy.CallFacts;
import dev.sessionguard.policy.Preset;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The proxies behind {@link SessionLeaks#watch}. Factory types are names, never classes: the library does not put
 * Hibernate, JPA or MyBatis on anybody's classpath.
 */
final class WatchedFactory implements InvocationHandler {
    /**
     * Factory (or session builder) interface name to the methods of it that open a session: the presets' session
     * sources. A source a helper class declares ({@code DataSourceUtils}) names no interface and is never matched;
     * the factory beneath it is watched.
     */
    private static final Map<String, Set<String>> OPENERS = Preset.sourcesByOwner();
    /** Hibernate's session builders: {@code factory.withOptions().tenantIdentifier(t).openSession()}. */
    private static final Set<String> BUILDERS = Set.of("withOptions", "withStatelessOptions");
    /** A session type that cannot be asked whether it is open: its close is watched through a proxy instead. */
    private static final String MYBATIS_SESSION = "org.apache.ibatis.session.SqlSession";
    /** A pool's physical connection (JDBC's {@code PooledConnection}, {@code XAConnection}): it has no liveness query either. */
    private static final String POOLED_CONNECTION = CallFacts.POOLED_CONNECTION;
    /** A MyBatis cursor: it holds its statement until closed, or until it has been read to its end. */
    private static final String CURSOR = "org.apache.ibatis.cursor.Cursor";
    /** Spring Data's marker of a repository: its methods returning a {@code Stream} hand out a session-bearing result. */
    private static final String REPOSITORY = "org.springframework.data.repository.Repository";

    private final Object target;
    private final Set<String> openers;

    private WatchedFactory(Object target, Set<String> openers) {
        this.target = target;
        this.openers = openers;
    }

    /**
     * Whether a container's bean is a factory {@link SessionLeakCheck} should watch: a DataSource, SqlSessionFactory or
     * EntityManagerFactory, but not a Hibernate one (Hibernate's own listener sees its sessions).
     */
    static boolean watchable(Object bean) {
        if (Proxy.isProxyClass(bean.getClass()) && Proxy.getInvocationHandler(bean) instanceof WatchedFactory) {
            return false;
        }
        Set<String> names = INTERFACE_NAMES.get(bean.getClass());
        return !names.contains("org.hibernate.SessionFactory") && OPENERS.keySet().stream().anyMatch(names::contains);
    }

    /** Whether a container's bean is a Spring Data repository, whose {@code Stream}s {@link SessionLeakCheck} watches. */
    static boolean isRepository(Object bean) {
        return !(Proxy.isProxyClass(bean.getClass()) && Proxy.getInvocationHandler(bean) instanceof WatchedResults)
                && INTERFACE_NAMES.get(bean.getClass()).contains(REPOSITORY);
    }

    /**
     * The object (a Spring Data repository, a MyBatis mapper) as a proxy of its interfaces that watches the
     * session-bearing results its methods hand out: a {@code Stream} until it is closed, a {@code Cursor} until it is
     * closed or read to its end.
     */
    static Object watchResults(Object target) {
        return proxy(target, publicInterfaces(target.getClass()), new WatchedResults(target));
    }

    @SuppressWarnings("unchecked")
    static <T> T wrap(T factory) {
        if (Proxy.isProxyClass(factory.getClass()) && Proxy.getInvocationHandler(factory) instanceof WatchedFactory) {
            return factory;
        }
        List<Class<?>> interfaces = publicInterfaces(factory.getClass());
        Set<String> openers = new LinkedHashSet<>();
        for (Class<?> type : interfaces) {
            for (Class<?> seen : allInterfaces(type)) {
                openers.addAll(OPENERS.getOrDefault(seen.getName(), Set.of()));
            }
        }
        if (openers.isEmpty()) {
            throw new IllegalArgumentException(factory.getClass().getName() + " is not a DataSource, SessionFactory,"
                    + " EntityManagerFactory or SqlSessionFactory: nothing to watch");
        }
        return (T) proxy(factory, interfaces, new WatchedFactory(factory, openers));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args, target);
        }
        // a watched factory behind another (a DataSource wrapping a DataSource): the outer one counts the session
        boolean opens = openers.contains(method.getName()) && method.getReturnType().isInterface()
                && !Ledger.INSTANCE.watchedFactoryOpening();
        Object result;
        if (opens) {
            Ledger.INSTANCE.openingThroughWatchedFactory(true);
        }
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            if (opens) {
                Ledger.INSTANCE.openingThroughWatchedFactory(false);
            }
        }
        if (result == null) {
            return null;
        }
        if (result == target && method.getReturnType() != Object.class && method.getReturnType().isInstance(proxy)) {
            return proxy; // a fluent builder method: stay watched
        }
        if (opens) {
            return watched(sessionType(method, result), result);
        }
        if (BUILDERS.contains(method.getName()) && method.getReturnType().isInterface()) {
            return proxy(result, publicInterfaces(result.getClass()), new WatchedFactory(result, openers));
        }
        return result;
    }

    /** The type as the caller knows it, whatever implementation type the method was declared with. */
    private String sessionType(Method method, Object session) {
        switch (method.getName()) {
            case "createEntityManager":
                return isA(target.getClass(), "jakarta.persistence.EntityManagerFactory")
                        ? "jakarta.persistence.EntityManager" : "javax.persistence.EntityManager";
            case "getConnection":
                return "java.sql.Connection";
            case "getPooledConnection":
                return POOLED_CONNECTION;
            case "getXAConnection":
                return "javax.sql.XAConnection";
            case "openStatelessSession":
                return "org.hibernate.StatelessSession";
            default:
                return isA(session.getClass(), MYBATIS_SESSION) ? MYBATIS_SESSION : "org.hibernate.Session";
        }
    }

    private static Object watched(String type, Object session) {
        boolean mybatis = isA(session.getClass(), MYBATIS_SESSION);
        if (mybatis || isA(session.getClass(), POOLED_CONNECTION)) {
            OpenedSession record = Ledger.INSTANCE.opened(mybatis ? MYBATIS_SESSION : type, null);
            return record == null ? session
                    : proxy(session, publicInterfaces(session.getClass()), new ClosingNotice(session, record));
        }
        Ledger.INSTANCE.opened(type, session);
        return session;
    }

    /**
     * A session-bearing result a method handed out, watched where a test is running: a {@code Stream} hears its close
     * through {@code onClose}, a {@code Cursor} through a proxy; anything else is returned as it is.
     */
    private static Object watchedResult(Method method, Object result) {
        if (result instanceof Stream<?> stream) {
            OpenedSession record = Ledger.INSTANCE.opened(resultType(Stream.class.getName(), method), null);
            return record == null ? stream : stream.onClose(record::markClosed);
        }
        if (result != null && isA(result.getClass(), CURSOR)) {
            Method consumed = consumedCheck(result.getClass());
            OpenedSession record = Ledger.INSTANCE.opened(resultType(CURSOR, method), null, () -> {
                try {
                    return consumed != null && (boolean) consumed.invoke(result);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return false;
                }
            });
            return record == null ? result : proxy(result, publicInterfaces(result.getClass()), new ClosingNotice(result, record));
        }
        return result;
    }

    /** {@code java.util.stream.Stream from com.acme.ShopRepository#streamAllBy}: the result and the call that made it. */
    private static String resultType(String type, Method method) {
        return type + " from " + method.getDeclaringClass().getName() + "#" + method.getName();
    }

    private static Method consumedCheck(Class<?> cursor) {
        try {
            Method m = cursor.getMethod("isConsumed");
            m.setAccessible(true);
            return m.getReturnType() == boolean.class ? m : null;
        } catch (NoSuchMethodException | RuntimeException e) {
            return null;
        }
    }

    /** The frame of a watched repository's, mapper's or session's call, for what the call opens beneath it. */
    static final String DELEGATING = Delegating.class.getName();

    /** A proxy's handler that delegates every call to its target and may replace what the call returns. */
    private abstract static class Delegating implements InvocationHandler {
        final Object target;

        Delegating(Object target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args, target);
            }
            try {
                return returned(proxy, method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        abstract Object returned(Object proxy, Method method, Object result);
    }

    /** A repository or mapper: what its methods return is watched when it is a session-bearing result. */
    private static final class WatchedResults extends Delegating {
        WatchedResults(Object target) {
            super(target);
        }

        @Override
        Object returned(Object proxy, Method method, Object result) {
            return watchedResult(method, result);
        }
    }

    /** A session that cannot be asked whether it is open, wrapped to hear its close. */
    private static final class ClosingNotice extends Delegating {
        private final OpenedSession record;

        ClosingNotice(Object session, OpenedSession record) {
            super(session);
            this.record = record;
        }

        @Override
        Object returned(Object proxy, Method method, Object result) {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                record.markClosed();
            }
            if (result == target) {
                return proxy;
            }
            // a mapper of this session calls the session beneath the proxy: its cursors are watched on the mapper
            if (method.getName().equals("getMapper") && result != null && Proxy.isProxyClass(result.getClass())) {
                return watchResults(result);
            }
            return watchedResult(method, result);
        }
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args, Object target) throws Throwable {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0] || target.equals(args[0]);
            case "hashCode":
                return target.hashCode();
            default:
                return method.invoke(target, args);
        }
    }

    private static Object proxy(Object target, List<Class<?>> interfaces, InvocationHandler handler) {
        ClassLoader loader = target.getClass().getClassLoader();
        if (loader == null) {
            loader = WatchedFactory.class.getClassLoader();
        }
        try {
            return Proxy.newProxyInstance(loader, interfaces.toArray(Class<?>[]::new), handler);
        } catch (IllegalArgumentException clash) {
            // interfaces invisible from the loader or clashing return types: keep the ones that name the factory
            List<Class<?>> essential = new ArrayList<>();
            for (Class<?> type : interfaces) {
                if (OPENERS.containsKey(type.getName()) || type.getName().equals(MYBATIS_SESSION)
                        || type.getName().startsWith("org.hibernate.") && type.getSimpleName().endsWith("Builder")) {
                    essential.add(type);
                }
            }
            if (essential.isEmpty()) {
                throw clash;
            }
            return Proxy.newProxyInstance(essential.get(0).getClassLoader(), essential.toArray(Class<?>[]::new), handler);
        }
    }

    private static List<Class<?>> publicInterfaces(Class<?> type) {
        Set<Class<?>> found = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (Modifier.isPublic(i.getModifiers())) {
                    found.add(i);
                }
            }
        }
        return new ArrayList<>(found);
    }

    private static Set<Class<?>> allInterfaces(Class<?> type) {
        Set<Class<?>> all = new LinkedHashSet<>();
        all.add(type);
        for (Class<?> parent : type.getInterfaces()) {
            all.addAll(allInterfaces(parent));
        }
        return all;
    }

    private static boolean isA(Class<?> type, String interfaceName) {
        return INTERFACE_NAMES.get(type).contains(interfaceName);
    }

    /** Every interface a class implements, by name: asked on every opening, so computed once per class. */
    private static final ClassValue<Set<String>> INTERFACE_NAMES = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
            Set<String> names = new HashSet<>();
            for (Class<?> i : publicInterfaces(type)) {
                for (Class<?> seen : allInterfaces(i)) {
                    names.add(seen.getName());
                }
            }
            return Set.copyOf(names);
        }
    };
}
