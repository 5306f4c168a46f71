package org.songprint.metadata.recording;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.songprint.metadata.provider.WsRecording;
import org.songprint.metadata.provider.WsRecording.Credit;

/**
 * Writes one provider document into the normalised cache in one transaction, so a reader sees the
 * old recording or the new one, never half of it. Entities shared with other recordings (artists,
 * releases, release groups, mediums) are upserted; what belongs to this recording alone (its
 * tracks and ISRCs) is replaced. A redirected request also records the alias.
 */
@ApplicationScoped
public class RecordingWriter {

    private final Pool client;

    public RecordingWriter(Pool client) {
        this.client = client;
    }

    public Uni<Void> store(UUID requested, WsRecording recording) {
        DocumentRows rows = DocumentRows.of(recording);
        UUID id = UUID.fromString(recording.id());
        return client.withTransaction(connection -> batch(connection, """
                INSERT INTO artist (id, name, sort_name, disambiguation, type, country, fetched_at)
                VALUES ($1, $2, $3, $4, $5, $6, now())
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, sort_name = excluded.sort_name,
                    disambiguation = excluded.disambiguation, type = excluded.type, country = excluded.country,
                    fetched_at = now()""", rows.artists)
                .flatMap(done -> batch(connection,
                        "INSERT INTO artist_credit (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", rows.credits))
                .flatMap(done -> batch(connection, """
                        INSERT INTO artist_credit_name (artist_credit_id, position, artist_id, name, join_phrase)
                        VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING""", rows.creditNames))
                .flatMap(done -> batch(connection, """
                        INSERT INTO release_group (id, title, primary_type, secondary_types, artist_credit_id, disambiguation, fetched_at)
                        VALUES ($1, $2, $3, $4, $5, $6, now())
                        ON CONFLICT (id) DO UPDATE SET title = excluded.title, primary_type = excluded.primary_type,
                            secondary_types = excluded.secondary_types,
                            artist_credit_id = COALESCE(excluded.artist_credit_id, release_group.artist_credit_id),
                            disambiguation = excluded.disambiguation, fetched_at = now()""", rows.releaseGroups))
                .flatMap(done -> batch(connection, """
                        INSERT INTO release (id, title, release_group_id, artist_credit_id, status, barcode, disambiguation, fetched_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, now())
                        ON CONFLICT (id) DO UPDATE SET title = excluded.title, release_group_id = excluded.release_group_id,
                            artist_credit_id = COALESCE(excluded.artist_credit_id, release.artist_credit_id),
                            status = excluded.status, barcode = excluded.barcode,
                            disambiguation = excluded.disambiguation, fetched_at = now()""", rows.releases))
                .flatMap(done -> rows.releaseIds.isEmpty() ? Uni.createFrom().voidItem()
                        : connection.preparedQuery("DELETE FROM release_event WHERE release_id = ANY($1)")
                                .execute(Tuple.of(rows.releaseIds.toArray(UUID[]::new))).replaceWithVoid())
                .flatMap(done -> batch(connection, """
                        INSERT INTO release_event (release_id, position, country, date_year, date_month, date_day)
                        VALUES ($1, $2, $3, $4, $5, $6)""", rows.events))
                .flatMap(done -> connection.preparedQuery("""
                        INSERT INTO recording (id, title, length, artist_credit_id, disambiguation, video, releases_truncated, fetched_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, now())
                        ON CONFLICT (id) DO UPDATE SET title = excluded.title, length = excluded.length,
                            artist_credit_id = excluded.artist_credit_id, disambiguation = excluded.disambiguation,
                            video = excluded.video, releases_truncated = excluded.releases_truncated, fetched_at = now()""")
                        .execute(rows.recording).replaceWithVoid())
                .flatMap(done -> connection.preparedQuery("DELETE FROM isrc WHERE recording_id = $1")
                        .execute(Tuple.of(id)).replaceWithVoid())
                .flatMap(done -> batch(connection,
                        "INSERT INTO isrc (recording_id, isrc) VALUES ($1, $2) ON CONFLICT DO NOTHING", rows.isrcs))
                .flatMap(done -> batch(connection, """
                        INSERT INTO medium (id, release_id, position, format, title, track_count)
                        VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (id) DO UPDATE SET release_id = excluded.release_id, position = excluded.position,
                            format = excluded.format, title = excluded.title, track_count = excluded.track_count""", rows.mediums))
                .flatMap(done -> connection.preparedQuery("DELETE FROM track WHERE recording_id = $1")
                        .execute(Tuple.of(id)).replaceWithVoid())
                .flatMap(done -> batch(connection, """
                        INSERT INTO track (id, medium_id, recording_id, position, number, title, length, artist_credit_id)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                        ON CONFLICT (id) DO UPDATE SET medium_id = excluded.medium_id, recording_id = excluded.recording_id,
                            position = excluded.position, number = excluded.number, title = excluded.title,
                            length = excluded.length, artist_credit_id = excluded.artist_credit_id""", rows.tracks))
                .flatMap(done -> requested.equals(id) ? Uni.createFrom().voidItem() : connection.preparedQuery("""
                        INSERT INTO mbid_alias (mbid, canonical_mbid, entity_type) VALUES ($1, $2, 'recording')
                        ON CONFLICT (mbid) DO UPDATE SET canonical_mbid = excluded.canonical_mbid""")
                        .execute(Tuple.of(requested, id)).replaceWithVoid()));
    }

    private static Uni<Void> batch(SqlConnection connection, String sql, List<Tuple> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(sql).executeBatch(rows).replaceWithVoid();
    }

    /** The rows of one document, de-duplicated per table (a document repeats artists and release groups). */
    private static final class DocumentRows {
        final List<Tuple> artists = new ArrayList<>();
        final List<Tuple> credits = new ArrayList<>();
        final List<Tuple> creditNames = new ArrayList<>();
        final List<Tuple> releaseGroups = new ArrayList<>();
        final List<Tuple> releases = new ArrayList<>();
        final List<UUID> releaseIds = new ArrayList<>();
        final List<Tuple> events = new ArrayList<>();
        final List<Tuple> isrcs = new ArrayList<>();
        final List<Tuple> mediums = new ArrayList<>();
        final List<Tuple> tracks = new ArrayList<>();
        Tuple recording;
        private final Map<UUID, Boolean> seenArtists = new LinkedHashMap<>();
        private final Map<UUID, Boolean> seenCredits = new LinkedHashMap<>();
        private final Map<UUID, Boolean> seenGroups = new LinkedHashMap<>();
        private final Map<UUID, Boolean> seenMediums = new LinkedHashMap<>();
        private final Map<UUID, Boolean> seenTracks = new LinkedHashMap<>();

        static DocumentRows of(WsRecording doc) {
            DocumentRows rows = new DocumentRows();
            UUID recordingId = UUID.fromString(doc.id());
            UUID recordingCredit = rows.credit(doc.artistCredit());
            rows.recording = Tuple.from(new Object[] {recordingId, nonNull(doc.title()), positive(doc.length()), recordingCredit,
                    doc.disambiguation(), Boolean.TRUE.equals(doc.video()), doc.releasesOrEmpty().size() >= 25});
            for (String isrc : doc.isrcsOrEmpty()) {
                if (isrc != null && isrc.matches("[A-Z]{2}[A-Z0-9]{3}[0-9]{7}")) {
                    rows.isrcs.add(Tuple.of(recordingId, isrc));
                }
            }
            for (WsRecording.Release release : doc.releasesOrEmpty()) {
                UUID releaseId = UUID.fromString(release.id());
                if (rows.releaseIds.contains(releaseId)) {
                    continue;
                }
                rows.releaseIds.add(releaseId);
                UUID groupId = null;
                if (release.releaseGroup() != null && release.releaseGroup().id() != null) {
                    WsRecording.ReleaseGroup group = release.releaseGroup();
                    groupId = UUID.fromString(group.id());
                    if (rows.seenGroups.put(groupId, true) == null) {
                        rows.releaseGroups.add(Tuple.from(new Object[] {groupId, nonNull(group.title()), group.primaryType(),
                                group.secondaryTypes() == null ? new String[0] : group.secondaryTypes().toArray(String[]::new),
                                rows.credit(group.artistCredit()), group.disambiguation()}));
                    }
                }
                rows.releases.add(Tuple.from(new Object[] {releaseId, nonNull(release.title()), groupId,
                        rows.credit(release.artistCredit()), release.status(), release.barcode(), release.disambiguation()}));
                rows.addEvents(releaseId, release);
                for (WsRecording.Medium medium : release.mediaOrEmpty()) {
                    int position = medium.position() == null ? 1 : Math.max(1, medium.position());
                    UUID mediumId = medium.id() != null ? UUID.fromString(medium.id())
                            : UUID.nameUUIDFromBytes((releaseId + "/medium/" + position).getBytes(StandardCharsets.UTF_8));
                    if (rows.seenMediums.put(mediumId, true) == null) {
                        int trackCount = medium.trackCount() == null ? 0 : Math.max(0, medium.trackCount());
                        rows.mediums.add(Tuple.from(new Object[] {mediumId, releaseId, position, medium.format(),
                                medium.title(), trackCount}));
                    }
                    for (WsRecording.Track track : medium.tracks() == null ? List.<WsRecording.Track>of() : medium.tracks()) {
                        UUID trackId = UUID.fromString(track.id());
                        if (rows.seenTracks.put(trackId, true) == null) {
                            UUID trackCredit = track.artistCredit() == null ? recordingCredit : rows.credit(track.artistCredit());
                            rows.tracks.add(Tuple.from(new Object[] {trackId, mediumId, recordingId,
                                    track.position() == null ? 0 : Math.max(0, track.position()), track.number(),
                                    track.title() == null ? nonNull(doc.title()) : track.title(), positive(track.length()),
                                    trackCredit}));
                        }
                    }
                }
            }
            // the same lock order in every transaction: concurrent writers sharing artists or releases wait, never deadlock
            for (List<Tuple> table : List.of(rows.artists, rows.credits, rows.creditNames, rows.releaseGroups, rows.releases,
                    rows.mediums, rows.tracks)) {
                table.sort(Comparator.comparing((Tuple row) -> row.getUUID(0))
                        .thenComparing(row -> row.size() > 1 && row.getValue(1) instanceof Short position ? position : (short) 0));
            }
            return rows;
        }

        private void addEvents(UUID releaseId, WsRecording.Release release) {
            List<WsRecording.ReleaseEvent> releaseEvents = release.releaseEvents();
            if (releaseEvents == null || releaseEvents.isEmpty()) {
                if (release.date() != null || release.country() != null) {
                    events.add(event(releaseId, 0, release.country(), release.date()));
                }
                return;
            }
            for (int i = 0; i < releaseEvents.size(); i++) {
                WsRecording.ReleaseEvent event = releaseEvents.get(i);
                List<String> codes = event.area() == null ? null : event.area().iso31661Codes();
                events.add(event(releaseId, i, codes == null || codes.isEmpty() ? null : codes.get(0), event.date()));
            }
        }

        private static Tuple event(UUID releaseId, int position, String country, String date) {
            PartialDates.Parts parts = PartialDates.parse(date);
            return Tuple.from(new Object[] {releaseId, (short) position,
                    country != null && country.length() == 2 ? country : null, parts.year(), parts.month(), parts.day()});
        }

        /** The credit's content-derived id; its rows are queued once. Null for no credit. */
        private UUID credit(List<Credit> credit) {
            if (credit == null || credit.isEmpty() || credit.stream().anyMatch(c -> c.artist() == null || c.artist().id() == null)) {
                return null;
            }
            StringBuilder key = new StringBuilder();
            StringBuilder display = new StringBuilder();
            for (Credit item : credit) {
                String name = item.name() == null ? nonNull(item.artist().name()) : item.name();
                String join = item.joinphrase() == null ? "" : item.joinphrase();
                key.append(item.artist().id()).append('\u0000').append(name).append('\u0000').append(join).append('\u0001');
                display.append(name).append(join);
            }
            UUID id = UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8));
            if (seenCredits.put(id, true) == null) {
                credits.add(Tuple.of(id, display.toString()));
                for (int position = 0; position < credit.size(); position++) {
                    Credit item = credit.get(position);
                    WsRecording.Artist artist = item.artist();
                    UUID artistId = UUID.fromString(artist.id());
                    if (seenArtists.put(artistId, true) == null) {
                        artists.add(Tuple.from(new Object[] {artistId, nonNull(artist.name()), artist.sortName(),
                                artist.disambiguation(), artist.type(),
                                artist.country() != null && artist.country().length() == 2 ? artist.country() : null}));
                    }
                    creditNames.add(Tuple.from(new Object[] {id, (short) position, artistId,
                            item.name() == null ? nonNull(artist.name()) : item.name(),
                            item.joinphrase() == null ? "" : item.joinphrase()}));
                }
            }
            return id;
        }

        private static String nonNull(String value) {
            return value == null ? "" : value;
        }

        private static Integer positive(Integer value) {
            return value == null || value <= 0 ? null : value;
        }
    }
}
