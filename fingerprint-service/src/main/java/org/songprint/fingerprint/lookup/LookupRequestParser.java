package org.songprint.fingerprint.lookup;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.songprint.common.api.ApiException;
import org.songprint.common.api.ApiParams;
import org.songprint.common.api.RequestLimits;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.common.chromaprint.InvalidFingerprintException;

/**
 * Reads the queries of a {@code /v2/lookup} call with AcoustID's rules: without {@code batch=1} only
 * the first query counts; a query that fails validation is skipped, and only when every query fails
 * is the last failure the answer.
 */
final class LookupRequestParser {

    static final int MAX_FINGERPRINT_QUERIES = 20;
    static final int MAX_TRACKID_QUERIES = 100;
    static final int MAX_DURATION = 32767;
    static final int DEFAULT_MAX_DURATION_DIFF = 7;
    static final int MAX_ALLOWED_DURATION_DIFF = 30;

    private LookupRequestParser() {
    }

    /** The whole call, checked in AcoustID's order: meta, maxdurationdiff, then the queries. */
    static LookupRequest parse(ApiParams params) {
        LookupMeta meta = LookupMeta.parse(params.first("meta"));
        int maxDurationDiff = maxDurationDiff(params);
        return new LookupRequest(meta, maxDurationDiff, queries(params), params.flag("batch"), params.flag("excerpt"));
    }

    static int maxDurationDiff(ApiParams params) {
        String value = params.text("maxdurationdiff");
        if (value == null) {
            return DEFAULT_MAX_DURATION_DIFF;
        }
        Integer parsed = ApiParams.parseInt(value);
        if (parsed == null || parsed < 1 || parsed > MAX_ALLOWED_DURATION_DIFF) {
            throw ApiException.invalidMaxDurationDiff("maxdurationdiff", 1, MAX_ALLOWED_DURATION_DIFF);
        }
        return parsed;
    }

    static List<LookupQuery> queries(ApiParams params) {
        // as AcoustID: a query exists where a fingerprint or a track id is; a lone duration is none
        List<String> suffixes = params.suffixes("fingerprint", "trackid");
        if (suffixes.isEmpty()) {
            throw ApiException.missingParameter("fingerprint");
        }
        if (!params.flag("batch")) {
            suffixes = suffixes.subList(0, 1);
        }
        int fingerprints = 0;
        int trackIds = 0;
        for (String suffix : suffixes) {
            if (params.first("trackid", suffix) != null) {
                trackIds++;
            } else {
                fingerprints++;
            }
        }
        if (fingerprints > MAX_FINGERPRINT_QUERIES || trackIds > MAX_TRACKID_QUERIES) {
            throw ApiException.requestTooLarge();
        }
        List<LookupQuery> queries = new ArrayList<>(suffixes.size());
        ApiException last = null;
        for (String suffix : suffixes) {
            try {
                queries.add(query(params, suffix));
            } catch (ApiException e) {
                last = e;
            }
        }
        if (queries.isEmpty()) {
            throw last;
        }
        long items = 0;
        for (LookupQuery query : queries) {
            items += query.byTrackId() ? 0 : query.fingerprint().length;
        }
        if (items > RequestLimits.MAX_ITEMS_PER_LOOKUP) {
            throw ApiException.requestTooLarge();
        }
        return queries;
    }

    private static LookupQuery query(ApiParams params, String suffix) {
        Integer index = suffix.isEmpty() ? null : Integer.valueOf(suffix);
        String trackId = params.first("trackid", suffix);
        if (trackId != null) {
            UUID uuid = ApiParams.parseUuid(trackId);
            if (uuid == null) {
                throw ApiException.invalidUuid(ApiParams.suffixed("trackid", suffix));
            }
            return new LookupQuery(index, null, 0, uuid);
        }
        // AcoustID's order: the duration first; a non-integer one reads as 0 and is reported missing
        Integer duration = ApiParams.parseInt(params.first("duration", suffix));
        if (duration == null || duration == 0) {
            throw ApiException.missingParameter(ApiParams.suffixed("duration", suffix));
        }
        if (duration < 0 || duration > MAX_DURATION) {
            throw ApiException.invalidDuration(ApiParams.suffixed("duration", suffix));
        }
        String fingerprint = params.first("fingerprint", suffix);
        if (fingerprint == null || fingerprint.isBlank()) {
            throw ApiException.missingParameter(ApiParams.suffixed("fingerprint", suffix));
        }
        String encoded = fingerprint.strip();
        // refused by the count its header declares, before any item is decoded
        if (ChromaprintCodec.declaredItemCount(encoded) > RequestLimits.MAX_ITEMS_PER_FINGERPRINT) {
            throw ApiException.fingerprintTooLong(ApiParams.suffixed("fingerprint", suffix),
                    RequestLimits.MAX_ITEMS_PER_FINGERPRINT);
        }
        int[] hashes;
        try {
            hashes = ChromaprintCodec.decodeForAcoustId(encoded).hashes();
        } catch (InvalidFingerprintException e) {
            throw ApiException.invalidFingerprint();
        }
        return new LookupQuery(index, hashes, duration, null);
    }
}
