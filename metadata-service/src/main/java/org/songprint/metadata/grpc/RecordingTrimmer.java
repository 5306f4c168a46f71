package org.songprint.metadata.grpc;

import java.util.Set;
import org.songprint.common.metadata.v1.Include;
import org.songprint.common.metadata.v1.Recording;
import org.songprint.common.metadata.v1.Release;

/** Drops what the caller did not ask for, so answers stay small. */
final class RecordingTrimmer {

    private RecordingTrimmer() {
    }

    static Recording trim(Recording recording, Set<Include> includes) {
        boolean releaseGroups = includes.contains(Include.INCLUDE_RELEASE_GROUPS);
        boolean tracks = includes.contains(Include.INCLUDE_TRACKS);
        boolean releases = releaseGroups || tracks || includes.contains(Include.INCLUDE_RELEASES);
        Recording.Builder out = recording.toBuilder();
        if (!includes.contains(Include.INCLUDE_ISRCS)) {
            out.clearIsrcs();
        }
        if (!releases) {
            return out.clearReleases().build();
        }
        if (!releaseGroups || !tracks) {
            out.clearReleases();
            for (Release release : recording.getReleasesList()) {
                Release.Builder trimmed = release.toBuilder();
                if (!releaseGroups) {
                    trimmed.clearReleaseGroup();
                }
                if (!tracks) {
                    trimmed.clearMediums();
                }
                out.addReleases(trimmed);
            }
        }
        return out.build();
    }
}
