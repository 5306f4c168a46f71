package org.songprint.fingerprint.dump;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code java -jar quarkus-run.jar export|import DIR}: the catalogue dump commands of the service's
 * own jar, for Kubernetes jobs and {@code ./stack export|import}. They talk to PostgreSQL directly,
 * with the service's connection settings from the same environment variables, without starting the
 * service. The password is read from {@code PG_PASSWORD} only, never from the command line.
 */
@Command(name = "fingerprint-service", mixinStandardHelpOptions = true, subcommands = {DumpCommand.Export.class,
        DumpCommand.Import.class}, description = "Export or import the catalogue in AcoustID's dump layout.")
public final class DumpCommand {

    /** The service's own migrations, as it runs them at start: a new, empty database becomes an empty catalogue. */
    public static void migrate(String url, String user, String password) {
        Flyway.configure(DumpCommand.class.getClassLoader()).dataSource(url, user, password).locations("classpath:db/migration").load()
                .migrate();
    }

    /** Where the catalogue's database is. */
    static final class Database {
        @Option(names = "--host", description = "PostgreSQL host (PG_HOST)", defaultValue = "${env:PG_HOST:-127.0.0.1}")
        String host;

        @Option(names = "--port", description = "PostgreSQL port (PG_PORT)", defaultValue = "${env:PG_PORT:-15432}")
        int port;

        @Option(names = "--database", description = "the catalogue's database (SONGPRINT_DATABASE)",
                defaultValue = "${env:SONGPRINT_DATABASE:-acoustid_fingerprint}")
        String database;

        @Option(names = "--user", description = "PostgreSQL user (PG_USER)", defaultValue = "${env:PG_USER:-postgres}")
        String user;

        String url() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        /** The service's own migrations, as it runs them at start: a new, empty database becomes an empty catalogue. */
        void migrate() {
            DumpCommand.migrate(url(), user, System.getenv("PG_PASSWORD"));
        }

        Connection connect() throws SQLException {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            String password = System.getenv("PG_PASSWORD");
            if (password != null && !password.isEmpty()) {
                properties.setProperty("password", password);
            }
            properties.setProperty("ApplicationName", "songprint-dump");
            // the driver itself, not DriverManager: the service's class loader hides it from the service loader
            Connection connection = new org.postgresql.Driver().connect(url(), properties);
            if (connection == null) {
                throw new SQLException("no connection to " + host + ":" + port + "/" + database);
            }
            return connection;
        }
    }

    /** A command on a dump directory: its outcome on standard error, and exit code 1 for a refused dump. */
    abstract static class OnDirectory implements Callable<Integer> {
        @Mixin
        Database database;

        @Parameters(paramLabel = "DIR")
        Path dir;

        /** Does the work; answers what to tell the operator. */
        abstract String run(Connection connection);

        @Override
        public Integer call() throws Exception {
            try (Connection connection = database.connect()) {
                System.err.println(run(connection));
                return 0;
            } catch (DumpException e) {
                System.err.println(getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a consistent snapshot of the catalogue into DIR (new or empty): one gzip'd COPY file per table "
                    + "and manifest.json; with --since, only what changed after an earlier export.")
    static final class Export extends OnDirectory {
        @Option(names = "--since", paramLabel = "MANIFEST",
                description = "only what changed after the export whose manifest.json (or directory) this is: new and changed rows, "
                        + "and the ids of deleted ones")
        Path since;

        @Override
        String run(Connection connection) {
            DumpManifest manifest = new CatalogueExporter(DumpProgress.standardError()).export(connection, dir, since);
            return manifest.incremental()
                    ? "exported the changes from " + manifest.follows().snapshot() + " to " + manifest.snapshot() + " into " + dir
                    : "exported the snapshot of " + manifest.snapshot() + " into " + dir;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Load the dump in DIR into an empty catalogue (a new database gets the schema first), keeping its ids, "
                    + "or apply an incremental dump on top of the one it follows; the same dump again changes nothing.")
    static final class Import extends OnDirectory {
        @Override
        public Integer call() throws Exception {
            database.migrate();
            return super.call();
        }

        @Override
        String run(Connection connection) {
            boolean loaded = new CatalogueImporter(DumpProgress.standardError()).importDump(connection, dir);
            return loaded ? "imported " + dir : "this dump was imported already: nothing to do";
        }
    }
}
