package org.songprint.metadata;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.Arrays;
import org.songprint.metadata.dump.DumpImportCommand;
import picocli.CommandLine;

/**
 * Runs the service; or, given {@code import-dump FILE}, fills the cache from a MusicBrainz JSON data
 * dump with the service's own writer and database settings, then exits.
 */
@QuarkusMain
public class MetadataMain implements QuarkusApplication {

    @Inject
    DumpImportCommand importDump;

    @Override
    public int run(String... args) {
        if (args.length > 0 && args[0].equals("import-dump")) {
            return new CommandLine(importDump).execute(Arrays.copyOfRange(args, 1, args.length));
        }
        Quarkus.waitForExit();
        return 0;
    }
}
