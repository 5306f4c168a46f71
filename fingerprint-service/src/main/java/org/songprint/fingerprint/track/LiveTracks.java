package org.songprint.fingerprint.track;

import java.util.List;
import java.util.Map;

/**
 * Live tracks found by some key (a fingerprint id, a requested AcoustID), with the enabled MBID
 * links of each track (ordered by MBID) when they were asked for, else none.
 */
public record LiveTracks<K>(Map<K, TrackRef> tracks, Map<Integer, List<TrackMbid>> mbids) {

    public static <K> LiveTracks<K> none() {
        return new LiveTracks<>(Map.of(), Map.of());
    }
}
