package org.songprint.metadata.dump;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.jboss.logging.Logger;
import org.songprint.metadata.provider.WsRecording;
import org.songprint.metadata.recording.RecordingWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Pre-fills the cache from a MusicBrainz JSON data dump of recordings (one JSON entity per line, as
 * in {@code mbdump/recording} of {@code recording.tar.xz}), without asking the web service. Each
 * line goes through the same writer as a web-service answer, so a re-run replaces rows instead of
 * doubling them. Malformed lines are counted and skipped.
 */
@Dependent
@Command(name = "import-dump", mixinStandardHelpOptions = true,
        description = "Fill the metadata cache from a MusicBrainz JSON dump of recordings (one entity per line; "
                + "plain or .gz; '-' reads standard input, e.g. tar -xOJf recording.tar.xz mbdump/recording | ... -).")
public class DumpImportCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(DumpImportCommand.class);

    @Parameters(index = "0", paramLabel = "FILE", description = "the dump file, or - for standard input")
    String file;

    @Option(names = "--concurrency", defaultValue = "4", description = "documents written at once (default ${DEFAULT-VALUE})")
    int concurrency;

    private final RecordingWriter writer;
    private final ObjectMapper json;

    public DumpImportCommand(RecordingWriter writer, ObjectMapper json) {
        this.writer = writer;
        this.json = json;
    }

    @Override
    public Integer call() throws IOException {
        long total = file.equals("-") ? -1 : Files.size(Path.of(file));
        CountingInputStream counted = new CountingInputStream(file.equals("-") ? System.in : Files.newInputStream(Path.of(file)));
        InputStream in = file.endsWith(".gz") ? new GZIPInputStream(counted, 1 << 16) : counted;
        AtomicLong imported = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        ProgressBar progress = new ProgressBar(System.err, total);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            Multi.createFrom().iterable(() -> lines.lines().iterator())
                    .filter(line -> !line.isBlank())
                    .onItem().transformToUni(line -> store(line, skipped)
                            .invoke(stored -> {
                                if (stored) {
                                    imported.incrementAndGet();
                                }
                                progress.update(counted.count(), imported.get(), skipped.get());
                            }))
                    .merge(Math.max(1, concurrency))
                    .collect().last()
                    .await().indefinitely();
        }
        progress.finish(counted.count(), imported.get(), skipped.get());
        return skipped.get() > 0 && imported.get() == 0 ? 1 : 0;
    }

    private Uni<Boolean> store(String line, AtomicLong skipped) {
        WsRecording recording;
        try {
            recording = json.readValue(line, WsRecording.class);
            UUID.fromString(recording.id());
        } catch (IOException | RuntimeException malformed) {
            if (skipped.incrementAndGet() <= 5) {
                LOG.warnf("skipping a malformed line: %s", malformed.getMessage());
            }
            return Uni.createFrom().item(false);
        }
        UUID id = UUID.fromString(recording.id());
        return writer.store(id, recording).replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
                    if (skipped.incrementAndGet() <= 5) {
                        LOG.warnf("skipping recording %s: %s", id, failure.getMessage());
                    }
                    return false;
                });
    }

    /** Counts the bytes read from the file (before decompression), for the progress bar. */
    private static final class CountingInputStream extends FilterInputStream {
        private volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
