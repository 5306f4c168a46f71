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
    public MetadataAnswers.Recording recording(UUID mbid, Integer sources, Recording recording) {
        if (recording == null) {
            return new MetadataAnswers.Recording(mbid.toString(), sources, null, null, null, null, null, null);
        }
        String title = null;
        Double duration = null;
        List<MetadataAnswers.Artist> artists = null;
        List<String> isrcs = null;
        if (!has("recordingids")) {
            title = recording.getTitle();
            duration = recording.getLengthMs() > 0 ? recording.getLengthMs() / 1000.0 : null;
            artists = artistsOrNull(recording.getArtistsList());
            isrcs = has("isrcs") && recording.getIsrcsCount() > 0 ? recording.getIsrcsList() : null;
        }
        // what compress lets the nested releases inherit from this recording
        Inherited inherited = has("compress") ? new Inherited(artists, null, title) : Inherited.NOTHING;
        List<Row> rows = rows(List.of(recording));
        List<MetadataAnswers.ReleaseGroup> groups = null;
        List<MetadataAnswers.Release> releases = null;
        if (has("releasegroups") || has("releasegroupids")) {
            groups = releaseGroups(rows, inherited);
        } else if (has("releases") || has("releaseids")) {
            releases = releases(rows, inherited);
        }
        return new MetadataAnswers.Recording(mbid.toString(), sources, title, duration, artists, isrcs, groups, releases);
    }

    /**
     * Without {@code recordings}: the release groups (or releases) of all the track's recordings,
     * attached to the result itself. {@link MetadataAnswers.TrackReleases#NONE} when none is asked for.
     */
    public MetadataAnswers.TrackReleases resultLevel(List<Recording> recordings) {
        List<Row> rows = rows(recordings);
        if (has("releasegroups") || has("releasegroupids")) {
            return new MetadataAnswers.TrackReleases(releaseGroups(rows, Inherited.NOTHING), null);
        }
        if (has("releases") || has("releaseids")) {
            return new MetadataAnswers.TrackReleases(null, releases(rows, Inherited.NOTHING));
        }
        return MetadataAnswers.TrackReleases.NONE;
    }

    private List<MetadataAnswers.ReleaseGroup> releaseGroups(List<Row> rows, Inherited fromRecording) {
        boolean idsOnly = has("releasegroupids");
        Map<String, ReleaseGroup> groups = new LinkedHashMap<>();
        Map<String, List<Row>> groupRows = new LinkedHashMap<>();
        for (Row row : rows) {
            if (!row.release().hasReleaseGroup()) {
                continue;
            }
            ReleaseGroup group = row.release().getReleaseGroup();
            groups.putIfAbsent(group.getId(), group);
            groupRows.computeIfAbsent(group.getId(), id -> new ArrayList<>()).add(row);
        }
        List<MetadataAnswers.ReleaseGroup> out = new ArrayList<>(groups.size());
        for (ReleaseGroup group : groups.values()) {
            String title = idsOnly ? null : group.getTitle();
            List<MetadataAnswers.Artist> artists = idsOnly ? null : artistsOrNull(group.getArtistsList());
            List<MetadataAnswers.Release> releases = null;
            if (has("releases") || has("releaseids")) {
                Inherited fromGroup = has("compress")
                        ? new Inherited(artists, title, fromRecording.trackTitle())
                        : Inherited.NOTHING;
                releases = releases(groupRows.get(group.getId()), fromGroup);
            }
            out.add(new MetadataAnswers.ReleaseGroup(group.getId(), title,
                    idsOnly ? null : emptyToNull(group.getPrimaryType()),
                    idsOnly || group.getSecondaryTypesCount() == 0 ? null : group.getSecondaryTypesList(),
                    unlessInherited(artists, fromRecording.artists()), releases));
        }
        return out;
    }

    private List<MetadataAnswers.Release> releases(List<Row> rows, Inherited fromParent) {
        boolean idsOnly = has("releaseids");
        Map<String, Release> releases = new LinkedHashMap<>();
        Map<String, List<Row>> releaseRows = new LinkedHashMap<>();
        for (Row row : rows) {
            releases.putIfAbsent(row.release().getId(), row.release());
            releaseRows.computeIfAbsent(row.release().getId(), id -> new ArrayList<>()).add(row);
        }
        List<MetadataAnswers.Release> out = new ArrayList<>(releases.size());
        for (Release release : releases.values()) {
            List<MetadataAnswers.Artist> artists = idsOnly ? null : artistsOrNull(release.getArtistsList());
            List<MetadataAnswers.Medium> mediums = null;
            if (has("tracks")) {
                Inherited fromRelease = has("compress")
                        ? new Inherited(artists, null, fromParent.trackTitle())
                        : Inherited.NOTHING;
                mediums = mediums(releaseRows.get(release.getId()), fromRelease);
            }
            out.add(idsOnly ? new MetadataAnswers.Release(release.getId(), null, null, null, null, null, null, null, mediums)
                    : release(release, unlessInherited(artists, fromParent.artists()), fromParent, mediums));
        }
        return out;
    }

    private static MetadataAnswers.Release release(Release release, List<MetadataAnswers.Artist> artists,
            Inherited fromParent, List<MetadataAnswers.Medium> mediums) {
        List<MetadataAnswers.ReleaseEvent> events = null;
        if (release.getEventsCount() > 0) {
            events = new ArrayList<>(release.getEventsCount());
            for (ReleaseEvent event : release.getEventsList()) {
                events.add(new MetadataAnswers.ReleaseEvent(emptyToNull(event.getCountry()), date(event.getDate())));
            }
        }
        MetadataAnswers.ReleaseEvent first = events == null ? null : events.get(0);
        return new MetadataAnswers.Release(release.getId(), unlessInherited(release.getTitle(), fromParent.title()),
                release.getMediumCount() > 0 ? release.getMediumCount() : null,
                release.getTrackCount() > 0 ? release.getTrackCount() : null,
                artists, events, first == null ? null : first.country(), first == null ? null : first.date(), mediums);
    }

    private static List<MetadataAnswers.Medium> mediums(List<Row> rows, Inherited fromRelease) {
        Map<Integer, Medium> mediums = new LinkedHashMap<>();
        Map<Integer, List<MetadataAnswers.Track>> tracks = new LinkedHashMap<>();
        for (Row row : rows) {
            mediums.putIfAbsent(row.medium().getPosition(), row.medium());
            Track track = row.track();
            tracks.computeIfAbsent(row.medium().getPosition(), position -> new ArrayList<>())
                    .add(new MetadataAnswers.Track(track.getId(), track.getPosition(),
                            unlessInherited(track.getTitle(), fromRelease.trackTitle()),
                            unlessInherited(artists(track.getArtistsList()), fromRelease.artists())));
        }
        List<MetadataAnswers.Medium> out = new ArrayList<>(mediums.size());
        for (Medium medium : mediums.values()) {
            out.add(new MetadataAnswers.Medium(medium.getPosition(), medium.getTrackCount(),
                    emptyToNull(medium.getFormat()), emptyToNull(medium.getTitle()), tracks.get(medium.getPosition())));
        }
        return out;
    }

    private static MetadataAnswers.Date date(PartialDate date) {
        if (date.getYear() <= 0 && date.getMonth() <= 0 && date.getDay() <= 0) {
            return null;
        }
        return new MetadataAnswers.Date(positiveOrNull(date.getYear()), positiveOrNull(date.getMonth()),
                positiveOrNull(date.getDay()));
    }

    private static List<MetadataAnswers.Artist> artistsOrNull(List<ArtistCredit> credits) {
        return credits.isEmpty() ? null : artists(credits);
    }

    private static List<MetadataAnswers.Artist> artists(List<ArtistCredit> credits) {
        List<MetadataAnswers.Artist> out = new ArrayList<>(credits.size());
        for (ArtistCredit credit : credits) {
            out.add(new MetadataAnswers.Artist(credit.getId(), credit.getName(), emptyToNull(credit.getJoinPhrase())));
        }
        return out;
    }

    private static Integer positiveOrNull(int value) {
        return value > 0 ? value : null;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** compress: a value equal to the one its parent shows is left for the client to inherit */
    private static <T> T unlessInherited(T value, T inherited) {
        return value != null && Objects.equals(value, inherited) ? null : value;
    }

    /**
     * What a child may inherit under {@code compress}: its parent's artists and title, and the
     * recording's title for track titles. All null without {@code compress}.
     */
    private record Inherited(List<MetadataAnswers.Artist> artists, String title, String trackTitle) {

        static final Inherited NOTHING = new Inherited(null, null, null);
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
