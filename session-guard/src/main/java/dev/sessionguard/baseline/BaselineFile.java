package dev.sessionguard.baseline;

import com.tngtech.archunit.PublicAPI;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * One rule's file of the baseline: a header with the count when frozen, then one key per line, sorted, UTF-8, LF (CRLF
 * is read). A rule with nothing left keeps the header alone, so that its progress still reads "4 of 4 fixed".
 * <pre>
 * # session-guard baseline SG001; frozen 20; SG001 raw-factory-outside-db: no classes outside ...
 * SG001 com.acme.routes.JarvisApi#whatsUp calls org.hibernate.SessionFactory.openSession() outside the db packages
 * </pre>
 */
@PublicAPI(usage = ACCESS)
public record BaselineFile(String ruleId, int frozen, List<String> keys) {
    private static final Pattern HEADER = Pattern.compile("# session-guard baseline (\\S+); frozen (\\d+)(?:; .*)?");
    private static final List<String> CONFLICT_MARKERS = List.of("<<<<<<<", "=======", ">>>>>>>", "|||||||");

    public BaselineFile {
        List<String> sorted = new ArrayList<>(keys);
        Collections.sort(sorted);
        keys = List.copyOf(sorted);
    }

    /** Reads and checks a file; any damage is an error naming the file and line, and the file is left as it is. */
    public static BaselineFile read(Path file, String expectedRuleId) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BaselineException(file + ": cannot be read: " + e.getMessage(), e);
        }
        // a Windows checkout (core.autocrlf) gives CRLF: read as LF, written LF
        String text = decode(file, bytes).replace("\r\n", "\n");
        String[] lines = text.split("\n", -1);
        int last = lines.length;
        if (last > 0 && lines[last - 1].isEmpty()) {
            last--;
        }
        if (last == 0) {
            throw new BaselineException(file + ":1: empty file (a rule keeps at least its header: restore it from version control,"
                    + " or delete the file)");
        }
        for (int i = 0; i < last; i++) {
            String line = lines[i];
            for (String marker : CONFLICT_MARKERS) {
                if (line.startsWith(marker)) {
                    throw new BaselineException(file + ":" + (i + 1) + ": merge conflict marker " + marker
                            + " (resolve the conflict, or re-create the file with -Dsessionguard.baseline.mode=freeze)");
                }
            }
        }
        Matcher header = HEADER.matcher(lines[0]);
        if (!header.matches()) {
            throw new BaselineException(file + ":1: not a session-guard baseline header: " + abbreviate(lines[0]));
        }
        String ruleId = header.group(1);
        if (!ruleId.equals(expectedRuleId)) {
            throw new BaselineException(file + ":1: the header names rule " + ruleId + ", the file name " + expectedRuleId);
        }
        List<String> keys = new ArrayList<>();
        String previous = null;
        for (int i = 1; i < last; i++) {
            String line = lines[i];
            if (line.isBlank() || !line.equals(line.strip())
                    || (isRuleId(ruleId) && (!line.startsWith(ruleId + " ") || !line.contains("#")))) {
                throw new BaselineException(file + ":" + (i + 1) + ": not a violation of " + ruleId + ": " + abbreviate(line));
            }
            if (previous != null && previous.compareTo(line) > 0) {
                throw new BaselineException(file + ":" + (i + 1) + ": lines are not sorted (edited by hand?): " + abbreviate(line));
            }
            keys.add(line);
            previous = line;
        }
        int frozen = Integer.parseInt(header.group(2));
        return new BaselineFile(ruleId, Math.max(frozen, keys.size()), keys);
    }

    /** The file's text: header, sorted keys, LF line ends. */
    public String render(String ruleDescription) {
        StringBuilder out = new StringBuilder("# session-guard baseline ").append(ruleId).append("; frozen ").append(frozen)
                .append("; ").append(ruleDescription.replace('\n', ' ')).append('\n');
        keys.forEach(k -> out.append(k).append('\n'));
        return out.toString();
    }

    private static boolean isRuleId(String id) {
        return id.matches("SG\\d{3}");
    }

    /** Strict UTF-8: the decoder stops at the first malformed sequence, and its position is the byte named. */
    private static String decode(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never decodes to more chars than it has bytes
        CharBuffer out = CharBuffer.allocate(bytes.length);
        if (decoder.decode(in, out, true).isError()) {
            int bad = in.position();
            int line = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new BaselineException(file + ":" + line + ": not UTF-8 (byte " + bad + ")");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static String abbreviate(String line) {
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }
}
