package dev.sessionguard.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which handlers an exception reaches rests on these answers: JDK types, the analysed code's own, and unknown ones. */
class TypeHierarchyTest {
    /** An exception of the analysed code. */
    static class AppFailure extends IllegalStateException {
        private static final long serialVersionUID = 1L;
    }

    private static final String APP = "dev/sessionguard/flow/TypeHierarchyTest$AppFailure";

    private static TypeHierarchy hierarchy() {
        Map<String, JavaClass> known = new HashMap<>();
        new ClassFileImporter().importClasses(AppFailure.class).forEach(c -> known.put(c.getName(), c));
        return new TypeHierarchy(known);
    }

    @Test
    void jdk_types_answer_through_the_platform() {
        TypeHierarchy types = hierarchy();
        assertThat(types.isSubtype("java/sql/SQLException", "java/lang/Exception")).isTrue();
        assertThat(types.isSubtype("java/sql/SQLTimeoutException", "java/sql/SQLException")).isTrue();
        assertThat(types.isSubtype("java/lang/RuntimeException", "java/sql/SQLException")).isFalse();
        assertThat(types.isSubtype("java/lang/Exception", "java/lang/RuntimeException")).isFalse();
        assertThat(types.isSubtype("java/lang/Error", "java/lang/Object")).isTrue();
        assertThat(types.isSubtype("java/io/IOException", "java/io/IOException")).isTrue();
    }

    @Test
    void a_jdk_type_never_extends_one_of_the_analysed_code() {
        assertThat(hierarchy().isSubtype("java/lang/IllegalStateException", APP)).isFalse();
    }

    @Test
    void the_analysed_codes_types_answer_through_the_import() {
        TypeHierarchy types = hierarchy();
        assertThat(types.isSubtype(APP, "java/lang/RuntimeException")).isTrue();
        assertThat(types.isSubtype(APP, "java/lang/IllegalStateException")).isTrue();
        assertThat(types.isSubtype(APP, "java/sql/SQLException")).isFalse();
        assertThat(types.isSubtype(APP, "java/lang/Object")).isTrue();
    }

    @Test
    void what_neither_the_import_nor_the_jdk_knows_is_unknown() {
        TypeHierarchy types = hierarchy();
        assertThat(types.isSubtype("com/acme/Unseen", "java/lang/RuntimeException")).isNull();
        assertThat(types.isSubtype("java/lang/NoSuchThing", "java/lang/Exception")).isNull();
        assertThat(types.isSubtype("com/acme/Unseen", "com/acme/Unseen")).isTrue();
    }
}
