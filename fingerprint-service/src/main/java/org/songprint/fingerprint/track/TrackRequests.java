package org.songprint.fingerprint.track;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.songprint.common.api.ApiException;
import org.songprint.common.api.ApiParams;

/**
 * The calls of the track endpoints ({@link ListByMbidResource}, {@link FingerprintResource}) once
 * read, with AcoustID's rules and errors.
 */
final class TrackRequests {

    private TrackRequests() {
    }

    /**
     * {@code /v2/track/list_by_mbid}: the distinct MBIDs asked for (only the first without
     * {@code batch=1}), and whether disabled links are listed too.
     */
    record ListByMbid(List<UUID> mbids, boolean batch, boolean includeDisabled) {

        static ListByMbid parse(ApiParams params) {
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
            return new ListByMbid(List.copyOf(mbids), batch, params.flag("disabled"));
        }
    }

    /** {@code /v2/fingerprint}: the id of a stored fingerprint. */
    record FingerprintById(int id) {

        static FingerprintById parse(ApiParams params) {
            String value = params.text("id");
            if (value == null) {
                throw ApiException.missingParameter("id");
            }
            Integer id = ApiParams.parseInt(value);
            if (id == null || id <= 0) {
                throw ApiException.fingerprintNotFound();
            }
            return new FingerprintById(id);
        }
    }
}
