package org.songprint.fingerprint.dump;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.songprint.common.event.EventJson;
import org.songprint.fingerprint.TestCatalog;
import org.songprint.testsupport.AudioFixtures;

/**
 * Export and import on real PostgreSQL databases: the test's catalogue exported, imported into a
 * second database migrated by the service's own migrations, exported again to identical files; the
 * same dump imported twice; and bad dumps refused with the file and line at fault, nothing loaded.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogueDumpTest {

    static final String SECRET = "test-admin-secret";
    static final String MIRROR = "songprint_dump_mirror";
    static final String SCRATCH = "songprint_dump_scratch";

    @Inject
    DataSource dataSource;

    @TempDir
    Path temp;

    String url;
    String user;

    boolean filled;

    // before each test, not all: Quarkus points RestAssured at the test's port per test
    @BeforeEach
    void catalogueWithEveryKindOfRow() throws Exception {
        if (filled) {
            return;
        }
        filled = true;
        try (Connection connection = dataSource.getConnection()) {
            url = connection.getMetaData().getURL();
            user = connection.getMetaData().getUserName();
        }
        TestCatalog catalog = new TestCatalog(dataSource);
        UUID wrong = UUID.randomUUID();
        TestCatalog.StoredTrack track = catalog.add(AudioFixtures.fpcalc(AudioFixtures.melody(771, 40)), UUID.randomUUID(), wrong);
        TestCatalog.StoredTrack merged = catalog.add(AudioFixtures.fpcalc(AudioFixtures.melody(772, 40)), UUID.randomUUID());
        given().formParam("secret", SECRET).formParam("track", track.gid().toString()).formParam("mbid", wrong.toString())
                .formParam("disabled", "1").formParam("account", 9).formParam("note", "tab\there, new\nline, back\\slash, ünïcode")
                .post("/internal/set_mbid_disabled").then().statusCode(200);
        given().formParam("secret", SECRET).formParam("target", track.gid().toString()).formParam("source", merged.gid().toString())
                .post("/internal/merge_tracks").then().statusCode(200);
        catalog.execute("INSERT INTO track_puid (track_id, puid, submission_count) VALUES (?, ?, 2)", track.id(), UUID.randomUUID());
        catalog.execute("INSERT INTO meta (track, artist, year) VALUES ('Dump \"test\"', NULL, 1999)");
        catalog.execute("INSERT INTO track_meta (track_id, meta_id) SELECT ?, max(id) FROM meta", track.id());
        catalog.execute("INSERT INTO foreignid_vendor (name) VALUES ('dump-test') ON CONFLICT DO NOTHING");
        catalog.execute("INSERT INTO foreignid (vendor_id, name) SELECT id, 'x' || ? FROM foreignid_vendor WHERE name = 'dump-test'",
                track.id());
        catalog.execute("INSERT INTO track_foreignid (track_id, foreignid_id) SELECT ?, max(id) FROM foreignid", track.id());
    }

    @Test
    void anExportImportedIntoAnEmptyCatalogueExportsToIdenticalFilesAndASecondImportChangesNothing() throws Exception {
        Path first = temp.resolve("first");
        DumpManifest exported;
        try (Connection source = connect(database(url))) {
            exported = new CatalogueExporter(quiet()).export(source, first);
        }
        assertThat(exported.table(DumpTable.TRACK).rows()).isEqualTo(count(database(url), "SELECT count(*) FROM track"));
        assertThat(exported.table(DumpTable.TRACK_MBID_CHANGE).rows()).isGreaterThanOrEqualTo(1);
        // gunzipped, a file is PostgreSQL's COPY text of the data model's columns, in id order
        String tracks = text(first.resolve("track.gz"));
        assertThat(tracks.lines().findFirst().orElseThrow().split("\t", -1)).hasSize(DumpTable.TRACK.columns().size());

        migratedEmpty(MIRROR);
        try (Connection mirror = connect(MIRROR)) {
            assertThat(new CatalogueImporter(quiet()).importDump(mirror, first)).isTrue();
        }
        for (DumpTable table : DumpTable.values()) {
            assertThat(count(MIRROR, "SELECT count(*) FROM " + table.table())).as(table.table())
                    .isEqualTo(exported.table(table).rows());
        }
        assertThat(count(MIRROR, "SELECT count(*) FROM fingerprint_data")).isEqualTo(exported.table(DumpTable.FINGERPRINT).rows());
        // the importer of submissions matches on fingerprint_data: rebuilt exactly as it writes it
        assertThat(count(MIRROR, "SELECT count(*) FROM fingerprint_data d JOIN fingerprint f ON f.id = d.fingerprint_id "
                + "WHERE d.simhash_key IS NOT NULL AND length(d.fingerprint) > 0")).isEqualTo(exported.table(DumpTable.FINGERPRINT).rows());
        // new rows continue after the imported ids
        assertThat(count(MIRROR, "SELECT nextval('track_id_seq')")).isGreaterThan(exported.table(DumpTable.TRACK).maxId());

        Path second = temp.resolve("second");
        DumpManifest again;
        try (Connection mirror = connect(MIRROR)) {
            again = new CatalogueExporter(quiet()).export(mirror, second);
        }
        for (DumpTable table : DumpTable.values()) {
            assertThat(Files.readAllBytes(second.resolve(table.file()))).as(table.file())
                    .isEqualTo(Files.readAllBytes(first.resolve(table.file())));
        }
        assertThat(again.tables()).isEqualTo(exported.tables());

        // the same dump again: recognised, nothing changes
        try (Connection mirror = connect(MIRROR)) {
            assertThat(new CatalogueImporter(quiet()).importDump(mirror, first)).isFalse();
        }
        assertThat(count(MIRROR, "SELECT count(*) FROM track")).isEqualTo(exported.table(DumpTable.TRACK).rows());
        // another dump into a catalogue that has rows: refused
        try (Connection mirror = connect(MIRROR)) {
            assertThatThrownBy(() -> new CatalogueImporter(quiet()).importDump(mirror, second)).isInstanceOf(DumpException.class)
                    .hasMessageContaining("the catalogue is not empty");
        }
    }

    @Test
    void aBadDumpIsRefusedNamingTheFileAndLineAndNothingIsLoaded() throws Exception {
        Path good = temp.resolve("good");
        try (Connection source = connect(database(url))) {
            new CatalogueExporter(quiet()).export(source, good);
        }
        migratedEmpty(SCRATCH);

        Path truncated = copy(good, "truncated");
        byte[] whole = Files.readAllBytes(truncated.resolve("fingerprint.gz"));
        Files.write(truncated.resolve("fingerprint.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        refused(truncated, "fingerprint.gz is truncated or damaged after line");

        Path columns = copy(good, "columns");
        List<String> lines = new ArrayList<>(text(columns.resolve("track.gz")).lines().toList());
        lines.set(1, lines.get(1).substring(0, lines.get(1).lastIndexOf('\t')));
        rewrite(columns, DumpTable.TRACK, lines, false);
        refused(columns, "track.gz line 2: 4 columns, expected 5");

        Path changed = copy(good, "changed");
        lines = new ArrayList<>(text(changed.resolve("track_mbid.gz")).lines().toList());
        String[] link = lines.get(0).split("\t", -1);
        link[1] = link[1] + "0";
        lines.set(0, String.join("\t", link));
        rewrite(changed, DumpTable.TRACK_MBID, lines, false);
        refused(changed, "track_mbid.gz does not match its checksum in manifest.json");

        // consistent files, but a link to a track the dump does not have: PostgreSQL's foreign key
        Path dangling = copy(good, "dangling");
        lines = new ArrayList<>(text(dangling.resolve("track_mbid.gz")).lines().toList());
        lines.set(0, lines.get(0).replaceFirst("^([0-9]+)\t[0-9]+\t", "$1\t987654321\t"));
        rewrite(dangling, DumpTable.TRACK_MBID, lines, true);
        refused(dangling, "track_mbid.gz: insert or update on table \"track_mbid\" violates foreign key constraint");

        Files.delete(copy(good, "unfinished").resolve(DumpManifest.FILE));
        refused(temp.resolve("unfinished"), "has no manifest.json: not a complete dump");
    }

    private void refused(Path dump, String message) throws Exception {
        try (Connection scratch = connect(SCRATCH)) {
            assertThatThrownBy(() -> new CatalogueImporter(quiet()).importDump(scratch, dump)).isInstanceOf(DumpException.class)
                    .hasMessageContaining(message);
        }
        for (DumpTable table : DumpTable.values()) {
            assertThat(count(SCRATCH, "SELECT count(*) FROM " + table.table())).as("%s after %s", table.table(), message).isZero();
        }
    }

    /** The table's file with these lines; with {@code consistent}, the manifest is updated to match. */
    private static void rewrite(Path dump, DumpTable table, List<String> lines, boolean consistent) throws IOException {
        byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dump.resolve(table.file())))) {
            out.write(text);
        }
        if (consistent) {
            DumpManifest manifest = EventJson.mapper().readValue(dump.resolve(DumpManifest.FILE).toFile(), DumpManifest.class);
            List<DumpManifest.Table> tables = new ArrayList<>();
            for (DumpManifest.Table t : manifest.tables()) {
                tables.add(t.name().equals(table.table()) ? new DumpManifest.Table(t.name(), t.file(), t.columns(), lines.size(),
                        t.maxId(), HexFormat.of().formatHex(DumpReader.sha256().digest(text))) : t);
            }
            EventJson.mapper().writeValue(dump.resolve(DumpManifest.FILE).toFile(),
                    new DumpManifest(manifest.format(), manifest.version(), manifest.snapshot(), tables));
        }
    }

    private Path copy(Path dump, String name) throws IOException {
        Path target = temp.resolve(name);
        Files.createDirectories(target);
        try (var files = Files.list(dump)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    private static String text(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void migratedEmpty(String database) throws SQLException {
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        }
        Flyway.configure().dataSource(jdbc(database), user, null).locations("classpath:db/migration").load().migrate();
    }

    private long count(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        return new org.postgresql.Driver().connect(jdbc(database), properties);
    }

    private String jdbc(String database) {
        return url.substring(0, url.lastIndexOf('/') + 1) + database;
    }

    private static String database(String jdbcUrl) {
        String tail = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
        int query = tail.indexOf('?');
        return query < 0 ? tail : tail.substring(0, query);
    }

    private static DumpProgress quiet() {
        return new DumpProgress(new PrintStream(new ByteArrayOutputStream()), false);
    }
}
