package org.songprint.metadata.recording;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.songprint.common.metadata.v1.ArtistCredit;
import org.songprint.common.metadata.v1.Medium;
import org.songprint.common.metadata.v1.PartialDate;
import org.songprint.common.metadata.v1.Recording;
import org.songprint.common.metadata.v1.Release;
import org.songprint.common.metadata.v1.ReleaseEvent;
import org.songprint.common.metadata.v1.ReleaseGroup;
import org.songprint.common.metadata.v1.Track;

/**
 * Reads cached recordings with everything hanging off them in five queries, whatever the batch
 * size: recordings, their tracks joined up to medium, release and release group, ISRCs, release
 * events, and the artist credits all of those refer to.
 */
@ApplicationScoped
public class RecordingReader {

    private final Pool client;

    public RecordingReader(Pool client) {
        this.client = client;
    }

    /** The canonical MBID of each requested one MusicBrainz redirected; others are not in the map. */
    public Uni<Map<UUID, UUID>> aliases(Collection<UUID> mbids) {
        if (mbids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("SELECT mbid, canonical_mbid FROM mbid_alias WHERE mbid = ANY($1)")
                .execute(Tuple.of(mbids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, UUID> out = new HashMap<>();
                    for (Row row : rows) {
                        out.put(row.getUUID("mbid"), row.getUUID("canonical_mbid"));
                    }
                    return out;
                });
    }

    /** Cached recordings by canonical MBID; absent ones are not in the map. */
    public Uni<Map<UUID, CachedRecording>> find(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        UUID[] keys = ids.toArray(UUID[]::new);
        return client.preparedQuery("""
                SELECT id, title, length, artist_credit_id, releases_truncated, fetched_at
                FROM recording WHERE id = ANY($1)""")
                .execute(Tuple.of(keys))
                .flatMap(recordings -> {
                    if (recordings.size() == 0) {
                        return Uni.createFrom().item(Map.<UUID, CachedRecording>of());
                    }
                    return Uni.combine().all().unis(tracks(keys), isrcs(keys)).asTuple()
                            .flatMap(found -> {
                                Set<UUID> releaseIds = new HashSet<>();
                                Set<UUID> creditIds = new HashSet<>();
                                for (Row row : recordings) {
                                    addIfPresent(creditIds, row.getUUID("artist_credit_id"));
                                }
                                for (Row row : found.getItem1()) {
                                    releaseIds.add(row.getUUID("release_id"));
                                    addIfPresent(creditIds, row.getUUID("artist_credit_id"));
                                    addIfPresent(creditIds, row.getUUID("release_artist_credit_id"));
                                    addIfPresent(creditIds, row.getUUID("rg_artist_credit_id"));
                                }
                                return Uni.combine().all().unis(events(releaseIds), credits(creditIds)).asTuple()
                                        .map(more -> assemble(recordings, found.getItem1(), found.getItem2(),
                                                more.getItem1(), more.getItem2()));
                            });
                });
    }

    private Uni<RowSet<Row>> tracks(UUID[] recordingIds) {
        return client.preparedQuery("""
                SELECT t.recording_id, t.id, t.position, t.number, t.title, t.length, t.artist_credit_id,
                       m.position AS medium_position, m.format, m.title AS medium_title, m.track_count AS medium_track_count,
                       r.id AS release_id, r.title AS release_title, r.artist_credit_id AS release_artist_credit_id,
                       r.medium_count, r.track_count,
                       g.id AS rg_id, g.title AS rg_title, g.primary_type, g.secondary_types,
                       g.artist_credit_id AS rg_artist_credit_id
                FROM track t
                JOIN medium m ON m.id = t.medium_id
                JOIN release r ON r.id = m.release_id
                LEFT JOIN release_group g ON g.id = r.release_group_id
                WHERE t.recording_id = ANY($1)
                ORDER BY t.recording_id, r.id, m.position, t.position""")
                .execute(Tuple.of(recordingIds));
    }

    private Uni<Map<UUID, List<String>>> isrcs(UUID[] recordingIds) {
        return client.preparedQuery("SELECT recording_id, isrc FROM isrc WHERE recording_id = ANY($1) ORDER BY isrc")
                .execute(Tuple.of(recordingIds))
                .map(rows -> {
                    Map<UUID, List<String>> out = new HashMap<>();
                    for (Row row : rows) {
                        out.computeIfAbsent(row.getUUID("recording_id"), id -> new ArrayList<>()).add(row.getString("isrc"));
                    }
                    return out;
                });
    }

    private Uni<Map<UUID, List<ReleaseEvent>>> events(Set<UUID> releaseIds) {
        if (releaseIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("""
                SELECT release_id, country, date_year, date_month, date_day FROM release_event
                WHERE release_id = ANY($1) ORDER BY release_id, position""")
                .execute(Tuple.of(releaseIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, List<ReleaseEvent>> out = new HashMap<>();
                    for (Row row : rows) {
                        ReleaseEvent event = ReleaseEvent.newBuilder()
                                .setCountry(orEmpty(row.getString("country")))
                                .setDate(PartialDate.newBuilder()
                                        .setYear(orZero(row.getInteger("date_year")))
                                        .setMonth(orZero(row.getInteger("date_month")))
                                        .setDay(orZero(row.getInteger("date_day"))))
                                .build();
                        out.computeIfAbsent(row.getUUID("release_id"), id -> new ArrayList<>()).add(event);
                    }
                    return out;
                });
    }

    private Uni<Map<UUID, List<ArtistCredit>>> credits(Set<UUID> creditIds) {
        if (creditIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("""
                SELECT artist_credit_id, artist_id, name, join_phrase FROM artist_credit_name
                WHERE artist_credit_id = ANY($1) ORDER BY artist_credit_id, position""")
                .execute(Tuple.of(creditIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, List<ArtistCredit>> out = new HashMap<>();
                    for (Row row : rows) {
                        out.computeIfAbsent(row.getUUID("artist_credit_id"), id -> new ArrayList<>())
                                .add(ArtistCredit.newBuilder()
                                        .setId(row.getUUID("artist_id").toString())
                                        .setName(row.getString("name"))
                                        .setJoinPhrase(orEmpty(row.getString("join_phrase")))
                                        .build());
                    }
                    return out;
                });
    }

    private static Map<UUID, CachedRecording> assemble(RowSet<Row> recordings, RowSet<Row> tracks,
            Map<UUID, List<String>> isrcs, Map<UUID, List<ReleaseEvent>> events, Map<UUID, List<ArtistCredit>> credits) {
        // recording -> release -> medium position -> medium, in the query's order
        Map<UUID, Map<UUID, Release.Builder>> releasesOf = new HashMap<>();
        Map<String, Map<Integer, Medium.Builder>> mediumsOf = new HashMap<>();
        for (Row row : tracks) {
            UUID recordingId = row.getUUID("recording_id");
            UUID releaseId = row.getUUID("release_id");
            Release.Builder release = releasesOf.computeIfAbsent(recordingId, id -> new LinkedHashMap<>())
                    .computeIfAbsent(releaseId, id -> newRelease(row, events, credits));
            Medium.Builder medium = mediumsOf.computeIfAbsent(releaseKey(recordingId, releaseId), key -> new LinkedHashMap<>())
                    .computeIfAbsent(row.getInteger("medium_position"), position -> {
                        Medium.Builder created = Medium.newBuilder()
                                .setPosition(position)
                                .setFormat(orEmpty(row.getString("format")))
                                .setTitle(orEmpty(row.getString("medium_title")))
                                .setTrackCount(orZero(row.getInteger("medium_track_count")));
                        return created;
                    });
            medium.addTracks(Track.newBuilder()
                    .setId(row.getUUID("id").toString())
                    .setPosition(orZero(row.getInteger("position")))
                    .setNumber(orEmpty(row.getString("number")))
                    .setTitle(orEmpty(row.getString("title")))
                    .setLengthMs(orZero(row.getInteger("length")))
                    .addAllArtists(creditOf(credits, row.getUUID("artist_credit_id"))));
        }
        Map<UUID, CachedRecording> out = new HashMap<>();
        for (Row row : recordings) {
            UUID id = row.getUUID("id");
            Recording.Builder recording = Recording.newBuilder()
                    .setId(id.toString())
                    .setRequestedMbid(id.toString())
                    .setTitle(row.getString("title"))
                    .setLengthMs(orZero(row.getInteger("length")))
                    .addAllArtists(creditOf(credits, row.getUUID("artist_credit_id")))
                    .addAllIsrcs(isrcs.getOrDefault(id, List.of()))
                    .setReleasesTruncated(Boolean.TRUE.equals(row.getBoolean("releases_truncated")));
            for (Map.Entry<UUID, Release.Builder> release : releasesOf.getOrDefault(id, Map.of()).entrySet()) {
                for (Medium.Builder medium : mediumsOf.getOrDefault(releaseKey(id, release.getKey()), Map.of()).values()) {
                    release.getValue().addMediums(medium);
                }
                recording.addReleases(release.getValue());
            }
            Instant fetchedAt = row.getOffsetDateTime("fetched_at").toInstant();
            out.put(id, new CachedRecording(recording.build(), fetchedAt));
        }
        return out;
    }

    private static Release.Builder newRelease(Row row, Map<UUID, List<ReleaseEvent>> events,
            Map<UUID, List<ArtistCredit>> credits) {
        UUID releaseId = row.getUUID("release_id");
        Release.Builder release = Release.newBuilder()
                .setId(releaseId.toString())
                .setTitle(orEmpty(row.getString("release_title")))
                .addAllArtists(creditOf(credits, row.getUUID("release_artist_credit_id")))
                .addAllEvents(events.getOrDefault(releaseId, List.of()))
                .setMediumCount(orZero(row.getInteger("medium_count")))
                .setTrackCount(orZero(row.getInteger("track_count")));
        UUID groupId = row.getUUID("rg_id");
        if (groupId != null) {
            String[] secondary = row.getArrayOfStrings("secondary_types");
            release.setReleaseGroup(ReleaseGroup.newBuilder()
                    .setId(groupId.toString())
                    .setTitle(orEmpty(row.getString("rg_title")))
                    .setPrimaryType(orEmpty(row.getString("primary_type")))
                    .addAllSecondaryTypes(secondary == null ? List.of() : List.of(secondary))
                    .addAllArtists(creditOf(credits, row.getUUID("rg_artist_credit_id"))));
        }
        return release;
    }

    private static String releaseKey(UUID recordingId, UUID releaseId) {
        return recordingId + "/" + releaseId;
    }

    private static List<ArtistCredit> creditOf(Map<UUID, List<ArtistCredit>> credits, UUID id) {
        return id == null ? List.of() : credits.getOrDefault(id, List.of());
    }

    private static void addIfPresent(Set<UUID> ids, UUID id) {
        if (id != null) {
            ids.add(id);
        }
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
