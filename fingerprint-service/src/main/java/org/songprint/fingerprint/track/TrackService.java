package org.songprint.fingerprint.track;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.songprint.common.api.ApiAnswer;
import org.songprint.common.api.ApiException;

/** {@code /v2/track/list_by_mbid} and {@code /v2/fingerprint}, as AcoustID answers them. */
@ApplicationScoped
public class TrackService {

    private final TrackRepository tracks;

    public TrackService(TrackRepository tracks) {
        this.tracks = tracks;
    }

    Uni<ApiAnswer> listByMbid(TrackRequests.ListByMbid request) {
        List<UUID> mbids = request.mbids();
        return tracks.tracksOfMbids(mbids, request.includeDisabled()).map(found -> {
            if (!request.batch()) {
                return new TrackAnswers.Tracks(trackIds(found.getOrDefault(mbids.get(0), List.of()), request));
            }
            List<TrackAnswers.MbidTracks> entries = new ArrayList<>(mbids.size());
            for (UUID mbid : mbids) {
                entries.add(new TrackAnswers.MbidTracks(mbid.toString(),
                        trackIds(found.getOrDefault(mbid, List.of()), request)));
            }
            return new TrackAnswers.ByMbid(entries);
        });
    }

    Uni<ApiAnswer> fingerprint(TrackRequests.FingerprintById request) {
        return tracks.fingerprint(request.id()).map(found -> {
            TrackRepository.StoredFingerprint fingerprint = found.orElseThrow(ApiException::fingerprintNotFound);
            return new TrackAnswers.Fingerprint(
                    new TrackAnswers.FingerprintData(fingerprint.id(), fingerprint.hashes(), fingerprint.length()));
        });
    }

    private static List<TrackAnswers.TrackId> trackIds(List<TrackRepository.TrackLink> links,
            TrackRequests.ListByMbid request) {
        List<TrackAnswers.TrackId> out = new ArrayList<>(links.size());
        for (TrackRepository.TrackLink link : links) {
            out.add(new TrackAnswers.TrackId(link.gid().toString(),
                    request.includeDisabled() && link.disabled() ? Boolean.TRUE : null));
        }
        return out;
    }
}
