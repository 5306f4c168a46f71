package org.songprint.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Real audio and real fingerprints for tests: melodies from {@code scripts/synth-melody.sh} (sox),
 * copies of them transformed the way real copies differ (re-encoded, louder, cut), and Debian's
 * {@code fpcalc} run on each. Files are cached under the module's {@code target/audio-fixtures}.
 */
public final class AudioFixtures {

    private static final Path DIR = Path.of("target", "audio-fixtures").toAbsolutePath();

    private AudioFixtures() {
    }

    /** What fpcalc printed for a file: the compressed fingerprint, the raw items and the duration. */
    public record Fpcalc(String fingerprint, int[] raw, int duration) {
    }

    /** A deterministic melody of about {@code seconds} seconds. */
    public static Path melody(int seed, int seconds) {
        Path out = DIR.resolve("melody-" + seed + "-" + seconds + ".wav");
        if (!Files.exists(out)) {
            run(List.of("bash", repoRoot().resolve("scripts/synth-melody.sh").toString(), String.valueOf(seed),
                    String.valueOf(seconds), out.toString()));
        }
        return out;
    }

    /** {@code source} passed through sox effects, e.g. {@code vol 0.5} or {@code trim 7}. */
    public static Path transformed(Path source, String name, String... effects) {
        Path out = DIR.resolve(stem(source) + "-" + name + ".wav");
        if (!Files.exists(out)) {
            List<String> command = new ArrayList<>(List.of("sox", "-R", "-q", source.toString(), out.toString()));
            command.addAll(List.of(effects));
            run(command);
        }
        return out;
    }

    /** {@code source} encoded as MP3 by lame at a constant bit rate. */
    public static Path mp3(Path source, int kbps) {
        Path out = DIR.resolve(stem(source) + "-" + kbps + "k.mp3");
        if (!Files.exists(out)) {
            run(List.of("lame", "--quiet", "-b", String.valueOf(kbps), "--cbr", source.toString(), out.toString()));
        }
        return out;
    }

    public static Fpcalc fpcalc(Path audio) {
        String text = run(List.of("fpcalc", audio.toString()));
        String compressed = value(text, "FINGERPRINT=");
        String duration = value(text, "DURATION=");
        String raw = value(run(List.of("fpcalc", "-raw", "-signed", audio.toString())), "FINGERPRINT=");
        String[] parts = raw.split(",");
        int[] items = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            items[i] = Integer.parseInt(parts[i].strip());
        }
        return new Fpcalc(compressed, items, Integer.parseInt(duration));
    }

    /** The repository root: the nearest parent directory holding the {@code stack} script. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("stack"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the Songprint repository");
        }
        return dir;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String value(String output, String prefix) {
        for (String line : output.split("\n")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).strip();
            }
        }
        throw new IllegalStateException("no " + prefix + " in: " + output);
    }

    /** Runs a command; fpcalc's exit status 3 ("end of file" on audio shorter than 120 s) is fine. */
    private static String run(List<String> command) {
        try {
            Files.createDirectories(DIR);
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            int status = process.exitValue();
            boolean fpcalcEof = command.get(0).equals("fpcalc") && status == 3;
            if (status != 0 && !fpcalcEof) {
                throw new IllegalStateException(command + " failed with " + status + ": " + err);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * 240 pseudo-random fingerprint items (30 s) from {@code seed}: the same on every machine, where
     * fpcalc's fingerprint of synthesised audio depends on the versions of sox and Chromaprint installed.
     */
    public static int[] pseudoRandomItems(long seed) {
        return pseudoRandomItems(seed, 240);
    }

    /** {@code count} pseudo-random items from {@code seed}: {@link Random#nextInt()} drawn in order. */
    public static int[] pseudoRandomItems(long seed, int count) {
        Random random = new Random(seed);
        int[] items = new int[count];
        for (int i = 0; i < items.length; i++) {
            items[i] = random.nextInt();
        }
        return items;
    }
}
