package dev.sessionguard.baseline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BaselineKeyTest {
    @Test
    void keys_drop_locations_line_references_the_fix_and_synthetic_numbers() {
        assertThat(BaselineKey.of("SG002 com.acme.JarvisApi#whatsUp opens a session with Db.getSession() that is not closed"
                + " when the method returns at line 57 (JarvisApi.java:48); fix: use try-with-resources"))
                .isEqualTo("SG002 com.acme.JarvisApi#whatsUp opens a session with Db.getSession() that is not closed when the"
                        + " method returns at line ?");
        assertThat(BaselineKey.of("SG001 com.acme.Tasks$2#run calls org.hibernate.SessionFactory.openSession() outside the db"
                + " packages (Tasks.java:12); fix: x"))
                .isEqualTo(BaselineKey.of("SG001 com.acme.Tasks$1#run calls org.hibernate.SessionFactory.openSession() outside"
                        + " the db packages (Tasks.java:40); fix: y"));
        assertThat(BaselineKey.of("a key [3]")).isEqualTo("a key");
    }

    @Test
    void a_key_is_its_own_key() {
        String key = BaselineKey.of("SG004 com.acme.M#shared keeps org.hibernate.Session in field shared (M.java:3); fix: z");
        assertThat(BaselineKey.of(key)).isEqualTo(key);
    }

    @Test
    void equal_keys_in_one_file_are_told_apart_from_the_second_on() {
        assertThat(BaselineKey.occurrence("SG002 a#b opens", 1)).isEqualTo("SG002 a#b opens");
        assertThat(BaselineKey.occurrence("SG002 a#b opens", 2)).isEqualTo("SG002 a#b opens [2]");
        assertThat(BaselineKey.of(BaselineKey.occurrence("SG002 a#b opens", 2))).isEqualTo("SG002 a#b opens");
    }
}
