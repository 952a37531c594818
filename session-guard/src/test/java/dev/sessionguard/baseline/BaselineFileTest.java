package dev.sessionguard.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One baseline file, byte by byte: where a damaged file is damaged, and what a sound one holds. */
class BaselineFileTest {
    private static final String HEADER = "# session-guard baseline SG001; frozen 2; SG001 raw-factory-outside-db: x\n";
    private static final String KEY = "SG001 com.acme.A#a calls org.hibernate.SessionFactory.openSession() outside the db packages";

    @TempDir
    Path dir;

    private Path file(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p);
        }
        return Files.write(dir.resolve("SG001.txt"), out.toByteArray());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Well-formed sequences of one to four bytes, then the damage: the offset named is the damage's. */
    @ParameterizedTest
    @CsvSource({
        "80, a lone continuation byte",
        "C3 41, a two-byte lead without its continuation",
        "E2 82 41, a three-byte lead cut short by an ASCII byte",
        "F0 9F 98 41, a four-byte lead cut short",
        "F8 80 80 80 80, a five-byte lead, never UTF-8",
        "E2 82, a three-byte sequence cut by the end of the file"})
    void damaged_utf_8_is_named_by_line_and_byte_offset(String hex, String what) throws IOException {
        byte[] good = utf8(HEADER + "SG001 é € 😀 ");
        String[] parts = hex.split(" ");
        byte[] bad = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bad[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        Path f = file(good, bad);
        assertThatThrownBy(() -> BaselineFile.read(f, "SG001")).as(what).isInstanceOf(BaselineException.class)
                .hasMessage("session-guard: " + f + ":2: not UTF-8 (byte " + good.length + ")");
    }

    @Test
    void keys_are_kept_sorted_and_the_frozen_count_never_falls_below_them() throws IOException {
        assertThat(new BaselineFile("SG001", 2, List.of("SG001 b#b", "SG001 a#a")).keys())
                .containsExactly("SG001 a#a", "SG001 b#b");
        Path f = file(utf8("# session-guard baseline SG001; frozen 0; d\n" + KEY + "\n"));
        BaselineFile read = BaselineFile.read(f, "SG001");
        assertThat(read.frozen()).isEqualTo(1);
        assertThat(read.keys()).containsExactly(KEY);
        assertThat(read.render("d")).isEqualTo("# session-guard baseline SG001; frozen 1; d\n" + KEY + "\n");
    }

    @Test
    void a_file_without_a_final_line_end_reads_the_same() throws IOException {
        Path f = file(utf8(HEADER + KEY));
        assertThat(BaselineFile.read(f, "SG001").keys()).containsExactly(KEY);
    }

    @Test
    void long_lines_are_abbreviated_in_errors_at_80_characters() throws IOException {
        String eighty = "x".repeat(80);
        Path exact = file(utf8(eighty + "\n"));
        assertThatThrownBy(() -> BaselineFile.read(exact, "SG001"))
                .hasMessage("session-guard: " + exact + ":1: not a session-guard baseline header: " + eighty);
        Path longer = file(utf8(eighty + "y\n"));
        assertThatThrownBy(() -> BaselineFile.read(longer, "SG001"))
                .hasMessage("session-guard: " + longer + ":1: not a session-guard baseline header: " + "x".repeat(77) + "...");
    }

    @Test
    void a_crlf_checkout_reads_as_lf_and_renders_lf() throws IOException {
        Path crlf = file(utf8((HEADER + KEY + "\n").replace("\n", "\r\n")));
        BaselineFile read = BaselineFile.read(crlf, "SG001");
        assertThat(read.keys()).containsExactly(KEY);
        assertThat(read.render("SG001 raw-factory-outside-db: x")).doesNotContain("\r");
    }

    @Test
    void a_damaged_line_after_the_header_is_named_by_its_number() throws IOException {
        Path f = file(utf8(HEADER + KEY + "\n" + "SG002 com.acme.B#b other\n"));
        assertThatThrownBy(() -> BaselineFile.read(f, "SG001"))
                .hasMessage("session-guard: " + f + ":3: not a violation of SG001: SG002 com.acme.B#b other");
        Path stray = file(utf8(HEADER + KEY + "\r\r\n"));
        assertThatThrownBy(() -> BaselineFile.read(stray, "SG001"))
                .hasMessageStartingWith("session-guard: " + stray + ":2: not a violation of SG001: ");
        Path header = file(utf8(HEADER));
        assertThat(BaselineFile.read(header, "SG001").keys()).isEmpty();
    }
}
