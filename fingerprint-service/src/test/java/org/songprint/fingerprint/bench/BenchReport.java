package org.songprint.fingerprint.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a benchmark's figures into {@code docs/benchmarks.md}, replacing that benchmark's previous
 * section (between its markers) and leaving the other benchmarks' sections alone.
 */
final class BenchReport {

    private BenchReport() {
    }

    static void write(Path file, String name, String body) throws IOException {
        String start = "<!-- " + name + ":start -->";
        String end = "<!-- " + name + ":end -->";
        String section = start + "\n" + body.strip() + "\n" + end;
        String text = Files.exists(file) ? Files.readString(file)
                : "# Benchmarks\n\nEvery section below is written by the benchmark named in it; do not edit the figures by hand.\n";
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            text = text.substring(0, from) + section + text.substring(to + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + section + "\n";
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
