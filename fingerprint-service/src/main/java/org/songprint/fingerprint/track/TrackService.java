package org.songprint.fingerprint.track;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.songprint.common.api.ApiException;
import org.songprint.common.api.ApiParams;

/** {@code /v2/track/list_by_mbid} and {@code /v2/fingerprint}, as AcoustID answers them. */
@ApplicationScoped
public class TrackService {

    private final TrackRepository tracks;

    public TrackService(TrackRepository tracks) {
        this.tracks = tracks;
    }

    public Uni<Map<String, Object>> listByMbid(ApiParams params) {
        List<String> values = params.all("mbid");
        if (values.isEmpty() || values.get(0).isBlank()) {
            throw ApiException.missingParameter("mbid");
        }
        boolean batch = params.flag("batch");
        if (!batch) {
            values = values.subList(0, 1);
        }
        List<UUID> mbids = new ArrayList<>(values.size());
        for (String value : values) {
            UUID mbid = ApiParams.parseUuid(value);
            if (mbid == null) {
                throw ApiException.invalidUuid("mbid");
            }
            if (!mbids.contains(mbid)) {
                mbids.add(mbid);
            }
        }
        boolean includeDisabled = params.flag("disabled");
        return tracks.tracksOfMbids(mbids, includeDisabled).map(found -> {
            if (!batch) {
                return Map.of("tracks", render(found.getOrDefault(mbids.get(0), List.of()), includeDisabled));
            }
            List<Map<String, Object>> entries = new ArrayList<>(mbids.size());
            for (UUID mbid : mbids) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("mbid", mbid.toString());
                entry.put("tracks", render(found.getOrDefault(mbid, List.of()), includeDisabled));
                entries.add(entry);
            }
            return Map.of("mbids", entries);
        });
    }

    public Uni<Map<String, Object>> fingerprint(ApiParams params) {
        String value = params.text("id");
        if (value == null) {
            throw ApiException.missingParameter("id");
        }
        Integer id = ApiParams.parseInt(value);
        if (id == null || id <= 0) {
            throw ApiException.fingerprintNotFound();
        }
        return tracks.fingerprint(id).map(found -> {
            TrackRepository.StoredFingerprint fingerprint = found.orElseThrow(ApiException::fingerprintNotFound);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", fingerprint.id());
            body.put("hashes", fingerprint.hashes());
            body.put("duration", fingerprint.length());
            return Map.of("fingerprint", body);
        });
    }

    private static List<Map<String, Object>> render(List<TrackRepository.TrackLink> links, boolean includeDisabled) {
        List<Map<String, Object>> out = new ArrayList<>(links.size());
        for (TrackRepository.TrackLink link : links) {
            Map<String, Object> track = new LinkedHashMap<>();
            track.put("id", link.gid().toString());
            if (includeDisabled && link.disabled()) {
                track.put("disabled", true);
            }
            out.add(track);
        }
        return out;
    }
}
