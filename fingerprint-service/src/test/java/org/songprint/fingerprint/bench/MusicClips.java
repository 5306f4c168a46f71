package org.songprint.fingerprint.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The real-music corpus of {@code scripts/music-corpus.sh} (freely licensed tracks from Debian
 * packages, see {@code docs/music-corpus.md}) and clips cut from it as a client would make them:
 * ffmpeg cuts the audio, lame or a noise mix (sox) degrades it, and fpcalc fingerprints the result, so a
 * clip's frame grid is its own. Every fingerprint is cached beside the corpus, keyed by what made it.
 */
final class MusicClips {

    /** A track of the corpus. */
    record Track(int number, Path audio, String name, double seconds) {
    }

    /** How a clip is degraded after the cut. */
    enum Variant {
        WAV("as cut"), MP3("MP3 64 kb/s"), NOISE("white noise at 20 dB SNR");

        final String description;

        Variant(String description) {
            this.description = description;
        }
    }

    /** A clip's fingerprint and where it was cut. */
    record Clip(Track track, double start, int seconds, Variant variant, int[] items) {
    }

    private final Path corpus;
    private final Path cache;

    MusicClips(Path corpus) {
        this.corpus = corpus;
        this.cache = corpus.resolve("fingerprints");
    }

    List<Track> tracks() throws IOException {
        List<Track> tracks = new ArrayList<>();
        List<String> lines = Files.readAllLines(corpus.resolve("tracks.tsv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split("\t");
            tracks.add(new Track(tracks.size(), corpus.resolve(fields[0]), fields[0], Double.parseDouble(fields[3])));
        }
        return tracks;
    }

    /** fpcalc's default fingerprint of a track: its first 120 s, as clients submit them. */
    int[] catalogued(Track track) {
        return cached("track-" + track.number(), () -> fpcalc(track.audio()));
    }

    /**
     * {@code count} clips of {@code seconds} from {@code track}, each beginning at a random point
     * from 5 s to 100 s in (or as late as the track allows).
     */
    List<Clip> clips(Track track, int seconds, Variant variant, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003 + track.number() * 31L + seconds);
        List<Clip> clips = new ArrayList<>(count);
        double latest = Math.min(100, track.seconds() - seconds - 1);
        for (int i = 0; i < count; i++) {
            double start = Math.round((5 + random.nextDouble() * (latest - 5)) * 100) / 100.0;
            String key = String.format(Locale.ROOT, "clip-%d-%.2f-%d-%s", track.number(), start, seconds, variant);
            int[] items = cached(key, () -> fpcalc(cut(track, start, seconds, variant)));
            clips.add(new Clip(track, start, seconds, variant, items));
        }
        return clips;
    }

    private Path cut(Track track, double start, int seconds, Variant variant) {
        try {
            Path dir = Files.createDirectories(corpus.resolve("clips"));
            Path wav = Files.createTempFile(dir, "clip", ".wav");
            // ffmpeg reads every format of the corpus (sox has no Opus); an input seek decodes from the packet
            // before the start and drops the samples before it, so the cut is exact
            run("ffmpeg", "-v", "error", "-nostdin", "-y", "-ss", String.valueOf(start), "-i", track.audio().toString(),
                    "-t", String.valueOf(seconds), wav.toString());
            if (variant == Variant.MP3) {
                Path mp3 = dir.resolve(wav.getFileName() + ".mp3");
                run("lame", "--quiet", "-b", "64", "--cbr", wav.toString(), mp3.toString());
                Files.delete(wav);
                return mp3;
            }
            if (variant == Variant.NOISE) {
                double rms = rms(wav);
                Path noise = dir.resolve(wav.getFileName() + ".noise.wav");
                Path noisy = dir.resolve(wav.getFileName() + ".noisy.wav");
                // sox's white noise at full scale has an RMS of about 0.577: scaled to a tenth of the clip's (20 dB)
                run("sox", "-R", "-q", wav.toString(), noise.toString(), "synth", "whitenoise", "vol",
                        String.format(Locale.ROOT, "%.6f", rms / 10 / 0.577));
                run("sox", "-R", "-q", "-m", "-v", "1", wav.toString(), "-v", "1", noise.toString(), noisy.toString());
                Files.delete(wav);
                Files.delete(noise);
                return noisy;
            }
            return wav;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double rms(Path wav) {
        for (String line : run("sox", wav.toString(), "-n", "stat").split("\n")) {
            if (line.startsWith("RMS     amplitude:")) {
                return Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        throw new IllegalStateException("sox stat gave no RMS amplitude for " + wav);
    }

    private static int[] fpcalc(Path audio) {
        // fpcalc exits non-zero when the last frame of a cut file is short, after printing the fingerprint
        String out = run(false, "fpcalc", "-raw", "-signed", audio.toString());
        for (String line : out.split("\n")) {
            if (line.startsWith("FINGERPRINT=")) {
                return Arrays.stream(line.substring("FINGERPRINT=".length()).strip().split(","))
                        .mapToInt(Integer::parseInt).toArray();
            }
        }
        throw new IllegalStateException("fpcalc gave no fingerprint for " + audio);
    }

    private interface Source {
        int[] items() throws IOException;
    }

    private int[] cached(String key, Source source) {
        Path file = cache.resolve(key + ".txt");
        try {
            if (Files.exists(file)) {
                String text = Files.readString(file).strip();
                return text.isEmpty() ? new int[0] : Arrays.stream(text.split(",")).mapToInt(Integer::parseInt).toArray();
            }
            int[] items = source.items();
            Files.createDirectories(cache);
            Path tmp = Files.createTempFile(cache, key, ".tmp");
            Files.writeString(tmp, String.join(",", Arrays.stream(items).mapToObj(String::valueOf).toList()));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(String... command) {
        return run(true, command);
    }

    private static String run(boolean checked, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0 && checked) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
