package dev.sessionguard.policy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Wrapper;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which session or raw factory type a class is: by name, through its supertypes, arrays by their component type. */
class SessionTypesTest {
    @SuppressWarnings("unused")
    private static final class Holder {
        Connection[][] pools;
        SessionFactory[] factories;
        int[] counts;
        String name;
    }

    /** A session type of the project, known to the policy only through its supertype. */
    private interface AuditedSession extends Session {
    }

    private static final JavaClasses CLASSES = new ClassFileImporter().importClasses(Holder.class, AuditedSession.class);

    private static JavaClass fieldType(String field) {
        return CLASSES.get(Holder.class).getField(field).getRawType();
    }

    @Test
    void arrays_count_by_their_component_type() {
        SessionTypes types = new SessionTypes(SessionPolicy.defaults());
        assertThat(types.sessionTypeOf(fieldType("pools"))).contains("java.sql.Connection");
        assertThat(types.rawFactoryOf(fieldType("factories"))).contains("org.hibernate.SessionFactory");
        assertThat(types.sessionTypeOf(fieldType("counts"))).isEmpty();
        assertThat(types.sessionTypeOf(fieldType("name"))).isEmpty();
    }

    @Test
    void a_subtype_is_the_session_type_it_extends_and_the_answer_is_remembered() {
        SessionTypes types = new SessionTypes(SessionPolicy.defaults());
        JavaClass audited = CLASSES.get(AuditedSession.class);
        assertThat(types.sessionTypeOf(audited)).isEqualTo(Optional.of("org.hibernate.Session"));
        assertThat(types.sessionTypeOf(audited)).isEqualTo(Optional.of("org.hibernate.Session"));
        assertThat(types.rawFactoryOf(audited)).isEmpty();
    }

    @Test
    void a_configured_session_type_is_named_by_itself_before_its_supertypes() {
        JavaClass audited = CLASSES.get(AuditedSession.class);
        assertThat(new SessionTypes(SessionPolicy.builder().sessionTypes(AuditedSession.class.getName()).build())
                .sessionTypeOf(audited)).contains(AuditedSession.class.getName());
    }

    /** Two supertypes on the policy: the superclass's interface and the class's own interface's parent. */
    private abstract static class PooledBase implements Connection {
    }

    private interface Tracked extends AutoCloseable {
    }

    private interface TrackedSession extends Tracked {
    }

    private abstract static class TrackedConnection extends PooledBase implements TrackedSession {
    }

    @Test
    void of_several_supertypes_the_answer_is_the_first_in_archunits_order_of_assignable_classes() {
        JavaClasses classes = new ClassFileImporter().importClasses(TrackedConnection.class, PooledBase.class,
                TrackedSession.class, Tracked.class, Connection.class, AutoCloseable.class, Wrapper.class);
        JavaClass c = classes.get(TrackedConnection.class);
        for (List<String> names : List.of(
                List.of("java.sql.Connection", Tracked.class.getName()),
                List.of("java.lang.AutoCloseable", "java.sql.Wrapper"),
                List.of(PooledBase.class.getName(), Tracked.class.getName()),
                List.of("java.lang.Object", Tracked.class.getName()))) {
            String expected = c.getAllClassesSelfIsAssignableTo().stream().map(JavaClass::getName).filter(names::contains)
                    .findFirst().orElseThrow();
            SessionTypes types = new SessionTypes(SessionPolicy.builder().presets().sessionTypes(names.toArray(String[]::new)).build());
            assertThat(types.sessionTypeOf(c)).as("%s", names).contains(expected);
            assertThat(types.sessionTypeOf(classes.get(PooledBase.class))).as("the superclass, asked after it, %s", names)
                    .isEqualTo(classes.get(PooledBase.class).getAllClassesSelfIsAssignableTo().stream().map(JavaClass::getName)
                            .filter(names::contains).findFirst());
        }
    }
}
