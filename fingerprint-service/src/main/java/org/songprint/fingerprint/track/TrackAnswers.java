package org.songprint.fingerprint.track;

import java.util.List;
import org.songprint.common.api.ApiAnswer;

/** The answers of {@code /v2/track/list_by_mbid}, {@code /v2/track/list_by_puid} and {@code /v2/fingerprint}. */
final class TrackAnswers {

    private TrackAnswers() {
    }

    /** The tracks of one MBID (or PUID). */
    record Tracks(List<TrackId> tracks) implements ApiAnswer {
    }

    /** The tracks of each MBID of a batch, in request order. */
    record ByMbid(List<MbidTracks> mbids) implements ApiAnswer {
    }

    record MbidTracks(String mbid, List<TrackId> tracks) {
    }

    /** @param disabled true for a disabled link when {@code disabled=1} asks for them, otherwise left out */
    record TrackId(String id, Boolean disabled) {
    }

    record Fingerprint(FingerprintData fingerprint) implements ApiAnswer {
    }

    /** @param duration the fingerprint's length in seconds */
    record FingerprintData(int id, int[] hashes, int duration) {
    }
}
