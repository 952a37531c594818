package dev.sessionguard.docs;

import dev.sessionguard.testing.Repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The repository's Markdown: README.md and docs/**, their fenced blocks and links. */
final class Docs {
    static final Path ROOT = Repository.ROOT;
    static final Path README = ROOT.resolve("README.md");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```([\\w-]*)\\n(.*?)^```$");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)\\)");

    private Docs() {
    }

    record Block(String lang, String text) {
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** README.md and every page under docs/. */
    static List<Path> pages() {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            pages.addAll(docs.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    static List<Block> blocks(String markdown, String lang) {
        List<Block> found = new ArrayList<>();
        Matcher m = FENCE.matcher(markdown);
        while (m.find()) {
            if (lang == null || m.group(1).equals(lang)) {
                found.add(new Block(m.group(1), m.group(2)));
            }
        }
        return found;
    }

    /** Link targets outside fenced blocks and inline code. */
    static List<String> links(String markdown) {
        String prose = FENCE.matcher(markdown).replaceAll("").replaceAll("`[^`\\n]*`", "");
        List<String> found = new ArrayList<>();
        Matcher m = LINK.matcher(prose);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
    static List<String> anchors(String markdown) {
        String prose = FENCE.matcher(markdown).replaceAll("");
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^#{1,6} +(.+?) *$").matcher(prose);
        while (m.find()) {
            found.add(m.group(1).toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return found;
    }

    /** The library's version, as its pom.xml (session-guard/pom.xml) declares it. */
    static String version() {
        Matcher m = Pattern.compile("<artifactId>session-guard</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(ROOT.resolve("session-guard/pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("session-guard/pom.xml names no session-guard version");
        }
        return m.group(1);
    }
}
