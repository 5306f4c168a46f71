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
import org.assertj.core.api.AbstractThrowableAssert;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.common.chromaprint.Fingerprint;
import org.songprint.common.chromaprint.FingerprintSimHash;
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
    static final String ORIGIN = "songprint_dump_origin";
    static final String FOLLOWER = "songprint_dump_follower";
    static final String FINGERPRINT_DATA = "SELECT fingerprint_id, md5(fingerprint), replace(simhash::text, ' ', ''), simhash_key FROM fingerprint_data";

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
            // every fingerprint a chunk of its own: the import's chunking is exercised at this size
            assertThat(new CatalogueImporter(quiet(), 1).importDump(mirror, first)).isTrue();
        }
        for (DumpTable table : DumpTable.values()) {
            assertThat(count(MIRROR, "SELECT count(*) FROM " + table.table())).as(table.table())
                    .isEqualTo(exported.table(table).rows());
        }
        assertThat(count(MIRROR, "SELECT count(*) FROM fingerprint_data")).isEqualTo(exported.table(DumpTable.FINGERPRINT).rows());
        // the importer of submissions matches on fingerprint_data: rebuilt exactly as it writes it
        assertThat(count(MIRROR, "SELECT count(*) FROM fingerprint_data d JOIN fingerprint f ON f.id = d.fingerprint_id "
                + "WHERE d.simhash_key IS NOT NULL AND length(d.fingerprint) > 0")).isEqualTo(exported.table(DumpTable.FINGERPRINT).rows());
        // and byte for byte what the importer of submissions writes for the items PostgreSQL holds
        assertThat(rows(MIRROR, FINGERPRINT_DATA)).isEqualTo(fingerprintDataOf(MIRROR));
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

    /**
     * A mirror kept in step by incremental dumps: an origin catalogue (the test's, loaded into a
     * database of its own, so nothing else writes to it) changes in every way the service changes
     * rows (new tracks, a merge that moves fingerprints and merges links, a disabled link, a count
     * updated, a row deleted); each incremental dump, imported, leaves the mirror's tables identical
     * to the origin's at that dump's snapshot.
     */
    @Test
    void incrementalDumpsKeepAMirrorIdenticalAndAreAppliedOnlyInOrder() throws Exception {
        Path whole = temp.resolve("whole");
        try (Connection source = connect(database(url))) {
            new CatalogueExporter(quiet()).export(source, whole);
        }
        migratedEmpty(ORIGIN);
        migratedEmpty(FOLLOWER);
        try (Connection origin = connect(ORIGIN)) {
            new CatalogueImporter(quiet()).importDump(origin, whole);
        }
        // two tracks sharing an MBID (merged later: the duplicate link is deleted, its count added),
        // and a meta row nothing links to (deleted later)
        UUID shared = UUID.randomUUID();
        int kept = newTrack(shared, 11);
        int merged = newTrack(shared, 12);
        sql(ORIGIN, "INSERT INTO meta (track, artist) VALUES ('orphan', 'nobody')");
        Path base = temp.resolve("base");
        exportFrom(ORIGIN, base, null);
        try (Connection follower = connect(FOLLOWER)) {
            assertThat(new CatalogueImporter(quiet()).importDump(follower, base)).isTrue();
        }

        sql(ORIGIN, "UPDATE fingerprint SET submission_count = submission_count + 1 WHERE track_id = " + kept);
        Path older = temp.resolve("older");
        exportFrom(ORIGIN, older, base);
        sql(ORIGIN, "UPDATE track SET new_id = " + kept + " WHERE id = " + merged);
        sql(ORIGIN, "UPDATE track_mbid SET disabled = true WHERE track_id = " + kept);
        sql(ORIGIN, "INSERT INTO track_mbid_change (track_mbid_id, account_id, disabled, note) SELECT id, 7, true, 'wrong' "
                + "FROM track_mbid WHERE track_id = " + kept);
        sql(ORIGIN, "DELETE FROM meta WHERE track = 'orphan'");
        int added = newTrack(UUID.randomUUID(), 13);
        Path first = temp.resolve("increment-1");
        DumpManifest increment = exportFrom(ORIGIN, first, base);
        assertThat(increment.follows().manifestSha256()).isEqualTo(DumpReader.manifestChecksum(base.resolve(DumpManifest.FILE)));
        assertThat(increment.table(DumpTable.TRACK).rows()).as("the merged track, the new one").isEqualTo(2);
        assertThat(increment.table(DumpTable.FINGERPRINT).rows()).as("moved, counted, new").isEqualTo(3);
        assertThat(text(first.resolve(DumpManifest.DELETED_FILE))).contains("meta\t").contains("track_mbid\t");
        assertThat(increment.table(DumpTable.FORMAT).rows()).isZero();

        try (Connection follower = connect(FOLLOWER)) {
            assertThat(new CatalogueImporter(quiet(), 2).importDump(follower, first)).isTrue();
            assertThat(new CatalogueImporter(quiet()).importDump(follower, first)).as("the same again").isFalse();
            // older than what the mirror has: refused, though it follows a dump imported here
            assertThatThrownBy(() -> new CatalogueImporter(quiet()).importDump(follower, older)).isInstanceOf(DumpException.class)
                    .hasMessageContaining("would take the catalogue back");
        }
        sameTables(ORIGIN, FOLLOWER, "after the first increment");
        assertThat(count(FOLLOWER, "SELECT count(*) FROM fingerprint_data WHERE fingerprint_id IN (SELECT id FROM fingerprint "
                + "WHERE track_id = " + added + ")")).isEqualTo(1);
        assertThat(count(FOLLOWER, "SELECT count(*) FROM track_stats WHERE track_id = " + merged)).as("merged: not live").isZero();

        // a chain: the second follows the first, the third the second; the third alone is refused
        newTrack(UUID.randomUUID(), 14);
        Path second = temp.resolve("increment-2");
        exportFrom(ORIGIN, second, first);
        sql(ORIGIN, "UPDATE track SET disabled = true WHERE id = " + added);
        Path third = temp.resolve("increment-3");
        exportFrom(ORIGIN, third, second);
        try (Connection follower = connect(FOLLOWER)) {
            assertThatThrownBy(() -> new CatalogueImporter(quiet()).importDump(follower, third)).isInstanceOf(DumpException.class)
                    .hasMessageContaining("which was not imported here");
            assertThat(new CatalogueImporter(quiet()).importDump(follower, second)).isTrue();
            assertThat(new CatalogueImporter(quiet()).importDump(follower, third)).isTrue();
        }
        sameTables(ORIGIN, FOLLOWER, "after the third increment");

        // a mirror that wrote rows of its own is refused, and so is a base from another catalogue
        newTrack(UUID.randomUUID(), 15);
        Path fourth = temp.resolve("increment-4");
        exportFrom(ORIGIN, fourth, third);
        sql(FOLLOWER, "INSERT INTO track (gid) VALUES (gen_random_uuid())");
        long tracks = count(FOLLOWER, "SELECT count(*) FROM track");
        try (Connection follower = connect(FOLLOWER)) {
            assertThatThrownBy(() -> new CatalogueImporter(quiet()).importDump(follower, fourth)).isInstanceOf(DumpException.class)
                    .hasMessageContaining("rows of track written here since its last import");
            assertThatThrownBy(() -> new CatalogueExporter(quiet()).export(follower, temp.resolve("wrong-base"), third))
                    .isInstanceOf(DumpException.class).hasMessageContaining("is a dump of another catalogue");
            assertThat(temp.resolve("wrong-base")).as("a refused export leaves no directory").doesNotExist();
        }
        assertThat(count(FOLLOWER, "SELECT count(*) FROM track")).isEqualTo(tracks);
    }

    /** A track with one generated fingerprint and one MBID link, written into the origin; its id. */
    private int newTrack(UUID mbid, int seed) throws SQLException {
        int[] items = new java.util.Random(seed).ints(120).toArray();
        StringBuilder array = new StringBuilder("{");
        for (int i = 0; i < items.length; i++) {
            array.append(i == 0 ? "" : ",").append(items[i]);
        }
        int track = (int) count(ORIGIN, "INSERT INTO track (gid) VALUES (gen_random_uuid()) RETURNING id");
        sql(ORIGIN, "INSERT INTO fingerprint (track_id, fingerprint, length) VALUES (" + track + ", '" + array + "}', 15)");
        sql(ORIGIN, "INSERT INTO track_mbid (track_id, mbid) VALUES (" + track + ", '" + mbid + "')");
        return track;
    }

    private DumpManifest exportFrom(String database, Path dir, Path since) throws SQLException {
        try (Connection connection = connect(database)) {
            return new CatalogueExporter(quiet()).export(connection, dir, since);
        }
    }

    /** Both catalogues exported whole give the same files. */
    private void sameTables(String left, String right, String when) throws Exception {
        Path a = temp.resolve(left + "-" + when.hashCode());
        Path b = temp.resolve(right + "-" + when.hashCode());
        exportFrom(left, a, null);
        exportFrom(right, b, null);
        for (DumpTable table : DumpTable.values()) {
            assertThat(text(b.resolve(table.file()))).as("%s %s", table.file(), when).isEqualTo(text(a.resolve(table.file())));
        }
    }

    private void sql(String database, String statement) throws SQLException {
        try (Connection connection = connect(database); Statement sql = connection.createStatement()) {
            sql.execute(statement);
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
        Path orphan = copy(good, "orphan");
        lines = new ArrayList<>(text(orphan.resolve("fingerprint.gz")).lines().toList());
        lines.set(1, lines.get(1).replaceFirst("^([0-9]+)\t[0-9]+\t", "$1\t987654321\t"));
        rewrite(orphan, DumpTable.FINGERPRINT, lines, true);
        String foreignKeys = "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY "
                + "(ARRAY['fingerprint'::regclass, 'fingerprint_data'::regclass, 'track_mbid'::regclass])";
        long keys = count(SCRATCH, foreignKeys);
        refused(orphan, "fingerprint.gz: insert or update on table \"fingerprint\" violates foreign key constraint",
                "(Key (track_id)=(987654321) is not present in table \"track\".)");
        // the foreign keys, dropped for the load and added again after it, are all back after a refusal
        assertThat(keys).isGreaterThanOrEqualTo(3);
        assertThat(count(SCRATCH, foreignKeys)).isEqualTo(keys);

        // consistent files, but an item that is no 32-bit integer
        Path items = copy(good, "items");
        lines = new ArrayList<>(text(items.resolve("fingerprint.gz")).lines().toList());
        lines.set(1, lines.get(1).replaceFirst("\\{(-?[0-9]+),", "{$19999999999,"));
        rewrite(items, DumpTable.FINGERPRINT, lines, true);
        refused(items, "fingerprint.gz line 2: the fingerprint is not an array of 32-bit integers");

        Files.delete(copy(good, "unfinished").resolve(DumpManifest.FILE));
        refused(temp.resolve("unfinished"), "has no manifest.json: not a complete dump");
    }

    private void refused(Path dump, String message, String... more) throws Exception {
        try (Connection scratch = connect(SCRATCH)) {
            AbstractThrowableAssert<?, ?> refusal = assertThatThrownBy(() -> new CatalogueImporter(quiet()).importDump(scratch, dump))
                    .isInstanceOf(DumpException.class).hasMessageContaining(message);
            for (String also : more) {
                refusal.hasMessageContaining(also);
            }
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
                    new DumpManifest(manifest.format(), manifest.version(), manifest.snapshot(), manifest.catalogue(),
                            manifest.transactions(), manifest.follows(), tables, manifest.deleted()));
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

    /** The fingerprint_data rows the importer of submissions would write, computed from the stored items. */
    private List<String> fingerprintDataOf(String database) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet found = statement.executeQuery("SELECT id, fingerprint FROM fingerprint ORDER BY id")) {
            while (found.next()) {
                Integer[] boxed = (Integer[]) found.getArray(2).getArray();
                int[] items = java.util.Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
                int simhash = FingerprintSimHash.of(items);
                byte[] compressed = ChromaprintCodec.compress(Fingerprint.ACOUSTID_ALGORITHM, items);
                rows.add(found.getInt(1) + "|" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(compressed))
                        + "|" + FingerprintSimHash.toCube(simhash) + "|" + simhash + "|");
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** Every row of a query's answer, as text. */
    private List<String> rows(String database, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet found = statement.executeQuery(sql + " ORDER BY 1")) {
            int columns = found.getMetaData().getColumnCount();
            while (found.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(found.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
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
