package org.songprint.fingerprint.index.packed.storage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The packed index's directory: the fingerprint log ({@code fingerprints.items}), numbered segment
 * files ({@code segment-00000001.seg}) and the {@link Manifest}, replaced atomically on every commit.
 */
public final class IndexDirectory {

    private static final Logger LOG = Logger.getLogger(IndexDirectory.class);
    private static final String LOG_FILE = "fingerprints.items";
    /** The compressed log of earlier versions, deleted when found. */
    private static final String LEGACY_LOG_FILE = "fingerprints.log";
    private static final String MANIFEST = "manifest";
    private static final String SEGMENT_PREFIX = "segment-";
    private static final String SEGMENT_SUFFIX = ".seg";

    private final Path dir;
    // guarded by this
    private long nextSegment;

    private IndexDirectory(Path dir) {
        this.dir = dir;
    }

    /** Creates the directory if need be; drops the log of the compressed-items version. */
    public static IndexDirectory open(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(LEGACY_LOG_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the fingerprint index directory " + dir, e);
        }
        return new IndexDirectory(dir);
    }

    public Path path() {
        return dir;
    }

    public Path logFile() {
        return dir.resolve(LOG_FILE);
    }

    public Path segmentFile(String name) {
        return dir.resolve(name);
    }

    /** A segment file name no file has had yet. */
    public synchronized Path newSegmentFile() {
        return dir.resolve(String.format("%s%08d%s", SEGMENT_PREFIX, nextSegment++, SEGMENT_SUFFIX));
    }

    /** The last manifest committed, or null if there is none. */
    public Manifest readManifest() throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (!Files.exists(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return Manifest.readFrom(in, file);
        }
    }

    /** Writes the manifest to a temporary file, syncs it, renames it over the last one and syncs the directory. */
    public void writeManifest(Manifest manifest) {
        Path temporary = dir.resolve(MANIFEST + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            manifest.writeTo(out);
            out.flush();
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fingerprint index manifest", e);
        }
        try {
            Files.move(temporary, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the fingerprint index manifest", e);
        }
        syncDirectory();
    }

    // The rename (and the names of new segment files) is durable only once the directory is: after a
    // power loss an older manifest could come back, naming segment files deleted since.
    private void syncDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the fingerprint index directory " + dir, e);
        }
    }

    public void deleteManifest() throws IOException {
        Files.deleteIfExists(dir.resolve(MANIFEST));
    }

    /**
     * Deletes the segment files {@code manifest} does not name (all of them without one): written by a
     * merge the last run did not commit. New segment files are numbered after every one found.
     */
    public synchronized void removeStraySegments(Manifest manifest) throws IOException {
        Set<String> kept = manifest == null ? Set.of() : Set.copyOf(manifest.files());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(SEGMENT_SUFFIX)) {
                    nextSegment = Math.max(nextSegment, segmentNumber(name) + 1);
                    if (!kept.contains(name)) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
    }

    private static long segmentNumber(String name) {
        try {
            return Long.parseLong(name.substring(SEGMENT_PREFIX.length(), name.length() - SEGMENT_SUFFIX.length()));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Deletes segment files merged away, once no manifest names them; a failure is only logged. */
    public static void deleteFiles(List<Path> files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("fingerprint index: cannot delete %s: %s", file, e);
            }
        }
    }
}
