package org.songprint.fingerprint;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Set;
import org.songprint.fingerprint.dump.DumpCommand;
import picocli.CommandLine;

/**
 * Runs the service; or, given {@code export DIR} or {@code import DIR}, the catalogue dump command,
 * which needs only the database: the service (its index, consumers, HTTP port) is not started.
 */
@QuarkusMain
public final class FingerprintMain {

    private static final Set<String> COMMANDS = Set.of("export", "import", "--help", "-h");

    private FingerprintMain() {
    }

    public static void main(String... args) {
        if (args.length > 0 && COMMANDS.contains(args[0])) {
            System.exit(new CommandLine(new DumpCommand()).execute(args));
        }
        Quarkus.run(args);
    }
}
