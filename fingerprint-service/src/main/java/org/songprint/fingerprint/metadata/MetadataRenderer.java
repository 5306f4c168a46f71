package org.songprint.fingerprint.metadata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * Renders MusicBrainz metadata into a lookup result the way AcoustID does. Recordings nest release
 * groups, which nest releases, which nest the mediums and tracks where the recording appears; without
 * {@code recordings} the release groups (or releases) of all the track's recordings hang off the result
 * itself. {@code *ids} names render ids only. {@code compress} drops a child's title or artists when
 * they equal its parent's (release vs release group, track vs release artists and recording title,
 * release group vs recording artists), so clients inherit them. Empty values are left out, as
 * AcoustID leaves out NULL columns.
 */
public final class MetadataRenderer {

    private final Set<String> meta;

    public MetadataRenderer(Set<String> meta) {
        this.meta = meta;
    }

    private boolean has(String name) {
        return meta.contains(name);
    }

    /**
     * Whether {@code meta} asks for anything metadata-service provides. Full recordings are asked
     * for by {@code recordings} or by {@code isrcs} (which implies them), unless {@code recordingids}
     * cuts them down to ids.
     */
    public static boolean needsMetadata(Set<String> meta) {
        return (meta.contains("recordings") || meta.contains("isrcs")) && !meta.contains("recordingids")
                || meta.contains("releasegroups") || meta.contains("releasegroupids")
                || meta.contains("releases") || meta.contains("releaseids");
    }

    /** One recording entry of a result; {@code recording} is null when MusicBrainz has no data for it. */
    public Map<String, Object> recording(UUID mbid, Integer sources, Recording recording) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", mbid.toString());
        if (sources != null) {
            out.put("sources", sources);
        }
        if (recording == null) {
            return out;
        }
        if (!has("recordingids")) {
            out.put("title", recording.getTitle());
            if (recording.getLengthMs() > 0) {
                out.put("duration", recording.getLengthMs() / 1000.0);
            }
            putArtists(out, recording.getArtistsList());
            if (has("isrcs") && recording.getIsrcsCount() > 0) {
                out.put("isrcs", recording.getIsrcsList());
            }
        }
        List<Row> rows = rows(List.of(recording));
        if (has("releasegroups") || has("releasegroupids")) {
            List<Map<String, Object>> groups = releaseGroups(rows);
            if (has("compress")) {
                for (Map<String, Object> group : groups) {
                    children(group, "releases").forEach(release -> removeTrackTitlesEqualTo(release, out));
                    removeIfEqual(group, "artists", out);
                }
            }
            out.put("releasegroups", groups);
        } else if (has("releases") || has("releaseids")) {
            List<Map<String, Object>> releases = releases(rows);
            if (has("compress")) {
                for (Map<String, Object> release : releases) {
                    removeTrackTitlesEqualTo(release, out);
                    removeIfEqual(release, "artists", out);
                }
            }
            out.put("releases", releases);
        }
        return out;
    }

    /**
     * Without {@code recordings}: the release groups (or releases) of all the track's recordings,
     * attached to the result itself. Empty when none is asked for.
     */
    public Map<String, Object> resultLevel(List<Recording> recordings) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Row> rows = rows(recordings);
        if (has("releasegroups") || has("releasegroupids")) {
            out.put("releasegroups", releaseGroups(rows));
        } else if (has("releases") || has("releaseids")) {
            out.put("releases", releases(rows));
        }
        return out;
    }

    private List<Map<String, Object>> releaseGroups(List<Row> rows) {
        boolean idsOnly = has("releasegroupids");
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        Map<String, List<Row>> groupRows = new LinkedHashMap<>();
        for (Row row : rows) {
            if (!row.release().hasReleaseGroup()) {
                continue;
            }
            ReleaseGroup group = row.release().getReleaseGroup();
            groups.computeIfAbsent(group.getId(), id -> releaseGroup(group, idsOnly));
            groupRows.computeIfAbsent(group.getId(), id -> new ArrayList<>()).add(row);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> entry : groups.entrySet()) {
            Map<String, Object> group = entry.getValue();
            if (has("releases") || has("releaseids")) {
                List<Map<String, Object>> releases = releases(groupRows.get(entry.getKey()));
                if (has("compress")) {
                    for (Map<String, Object> release : releases) {
                        removeIfEqual(release, "artists", group);
                        removeIfEqual(release, "title", group);
                    }
                }
                group.put("releases", releases);
            }
            out.add(group);
        }
        return out;
    }

    private List<Map<String, Object>> releases(List<Row> rows) {
        boolean idsOnly = has("releaseids");
        Map<String, Map<String, Object>> releases = new LinkedHashMap<>();
        Map<String, List<Row>> releaseRows = new LinkedHashMap<>();
        for (Row row : rows) {
            releases.computeIfAbsent(row.release().getId(), id -> release(row.release(), idsOnly));
            releaseRows.computeIfAbsent(row.release().getId(), id -> new ArrayList<>()).add(row);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> entry : releases.entrySet()) {
            Map<String, Object> release = entry.getValue();
            if (has("tracks")) {
                List<Map<String, Object>> mediums = mediums(releaseRows.get(entry.getKey()));
                if (has("compress")) {
                    for (Map<String, Object> medium : mediums) {
                        for (Map<String, Object> track : children(medium, "tracks")) {
                            removeIfEqual(track, "artists", release);
                        }
                    }
                }
                release.put("mediums", mediums);
            }
            out.add(release);
        }
        return out;
    }

    private static List<Map<String, Object>> mediums(List<Row> rows) {
        Map<Integer, Map<String, Object>> mediums = new LinkedHashMap<>();
        for (Row row : rows) {
            Map<String, Object> medium = mediums.computeIfAbsent(row.medium().getPosition(), position -> {
                Map<String, Object> created = new LinkedHashMap<>();
                created.put("position", position);
                created.put("track_count", row.medium().getTrackCount());
                putIfNotEmpty(created, "format", row.medium().getFormat());
                putIfNotEmpty(created, "title", row.medium().getTitle());
                created.put("tracks", new ArrayList<Map<String, Object>>());
                return created;
            });
            Map<String, Object> track = new LinkedHashMap<>();
            track.put("id", row.track().getId());
            track.put("position", row.track().getPosition());
            track.put("title", row.track().getTitle());
            track.put("artists", artists(row.track().getArtistsList()));
            children(medium, "tracks").add(track);
        }
        return new ArrayList<>(mediums.values());
    }

    private static Map<String, Object> releaseGroup(ReleaseGroup group, boolean idsOnly) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", group.getId());
        if (idsOnly) {
            return out;
        }
        out.put("title", group.getTitle());
        putIfNotEmpty(out, "type", group.getPrimaryType());
        if (group.getSecondaryTypesCount() > 0) {
            out.put("secondarytypes", group.getSecondaryTypesList());
        }
        putArtists(out, group.getArtistsList());
        return out;
    }

    private static Map<String, Object> release(Release release, boolean idsOnly) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", release.getId());
        if (idsOnly) {
            return out;
        }
        out.put("title", release.getTitle());
        if (release.getMediumCount() > 0) {
            out.put("medium_count", release.getMediumCount());
        }
        if (release.getTrackCount() > 0) {
            out.put("track_count", release.getTrackCount());
        }
        putArtists(out, release.getArtistsList());
        if (release.getEventsCount() > 0) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (ReleaseEvent event : release.getEventsList()) {
                Map<String, Object> rendered = new LinkedHashMap<>();
                putIfNotEmpty(rendered, "country", event.getCountry());
                Map<String, Object> date = date(event.getDate());
                if (!date.isEmpty()) {
                    rendered.put("date", date);
                }
                events.add(rendered);
            }
            out.put("releaseevents", events);
            // the first event's country and date are also the release's
            out.putAll(events.get(0));
        }
        return out;
    }

    private static Map<String, Object> date(PartialDate date) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (date.getYear() > 0) {
            out.put("year", date.getYear());
        }
        if (date.getMonth() > 0) {
            out.put("month", date.getMonth());
        }
        if (date.getDay() > 0) {
            out.put("day", date.getDay());
        }
        return out;
    }

    private static void putArtists(Map<String, Object> out, List<ArtistCredit> credits) {
        if (!credits.isEmpty()) {
            out.put("artists", artists(credits));
        }
    }

    private static List<Map<String, Object>> artists(List<ArtistCredit> credits) {
        List<Map<String, Object>> out = new ArrayList<>(credits.size());
        for (ArtistCredit credit : credits) {
            Map<String, Object> artist = new LinkedHashMap<>();
            artist.put("id", credit.getId());
            artist.put("name", credit.getName());
            putIfNotEmpty(artist, "joinphrase", credit.getJoinPhrase());
            out.add(artist);
        }
        return out;
    }

    private static void putIfNotEmpty(Map<String, Object> out, String key, String value) {
        if (value != null && !value.isEmpty()) {
            out.put(key, value);
        }
    }

    /** compress: a track's title equal to its recording's is left for the client to inherit */
    private static void removeTrackTitlesEqualTo(Map<String, Object> release, Map<String, Object> recording) {
        for (Map<String, Object> medium : children(release, "mediums")) {
            for (Map<String, Object> track : children(medium, "tracks")) {
                removeIfEqual(track, "title", recording);
            }
        }
    }

    private static void removeIfEqual(Map<String, Object> child, String key, Map<String, Object> parent) {
        if (child.containsKey(key) && Objects.equals(child.get(key), parent.get(key))) {
            child.remove(key);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> children(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    /** One occurrence of a recording: a track on a medium of a release, as AcoustID's query returns rows. */
    private record Row(Release release, Medium medium, Track track) {
    }

    private static List<Row> rows(List<Recording> recordings) {
        List<Row> rows = new ArrayList<>();
        for (Recording recording : recordings) {
            for (Release release : recording.getReleasesList()) {
                for (Medium medium : release.getMediumsList()) {
                    for (Track track : medium.getTracksList()) {
                        rows.add(new Row(release, medium, track));
                    }
                }
            }
        }
        return rows;
    }

}
