package org.songprint.ingest.submit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.songprint.common.api.ApiException;
import org.songprint.common.api.ApiParams;
import org.songprint.common.api.RequestLimits;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.common.chromaprint.InvalidFingerprintException;
import org.songprint.common.event.SubmittedMeta;

/**
 * Reads the entries of a {@code /v2/submit} call with AcoustID's batch rules: an entry exists where
 * {@code fingerprint} or {@code fingerprint.N} is present; an entry that fails validation is skipped
 * whole (and named in the answer) while the others are stored; the request fails only when no entry
 * passed, with the last entry's error. Entries with no MBID, no PUID and no text metadata are dropped
 * (AcoustID's policy since 2025), and every MBID of an entry becomes a submission of its own.
 */
final class SubmissionParser {

    static final int MAX_DURATION = 32767;
    private static final int MAX_TRACK_OR_DISC_NUMBER = 10000;
    private static final int MAX_TEXT = 255;
    // the id part: anything printable (control characters, NUL above all, cannot be stored as text)
    private static final Pattern FOREIGN_ID = Pattern.compile("[0-9a-z]+:[^\\x00-\\x1f\\x7f]+");
    private static final UUID NIL = new UUID(0, 0);

    private SubmissionParser() {
    }

    /** The whole call: its entries, then {@code clientversion}, in AcoustID's order. */
    static SubmitRequest parse(ApiParams params) {
        EntriesRead entries = entries(params);
        return new SubmitRequest(entries.submissions(), entries.skipped(), text(params, "clientversion", MAX_TEXT));
    }

    private record EntriesRead(List<NewSubmission> submissions, List<SubmitRequest.SkippedEntry> skipped) {
    }

    private static EntriesRead entries(ApiParams params) {
        List<String> suffixes = params.suffixes("fingerprint");
        if (suffixes.isEmpty()) {
            throw ApiException.missingParameter("fingerprint");
        }
        List<NewSubmission> out = new ArrayList<>();
        List<SubmitRequest.SkippedEntry> skipped = new ArrayList<>();
        boolean anyPassed = false;
        long storedItems = 0;
        for (int i = 0; i < suffixes.size(); i++) {
            String suffix = suffixes.get(i);
            List<NewSubmission> rows;
            try {
                rows = entry(params, suffix);
            } catch (ApiException e) {
                if (!anyPassed && i + 1 == suffixes.size()) {
                    throw e;
                }
                skipped.add(new SubmitRequest.SkippedEntry(suffix.isEmpty() ? null : suffix, e));
                continue;
            }
            anyPassed = true;
            for (NewSubmission row : rows) {
                storedItems += row.fingerprint().length;
            }
            // a bound on the whole request, not an entry: a client that reaches it sends far more
            // than any real batch, and must hear it rather than lose the entries past it
            if (storedItems > RequestLimits.MAX_STORED_ITEMS_PER_SUBMIT) {
                throw ApiException.requestTooLarge();
            }
            out.addAll(rows);
        }
        return new EntriesRead(out, skipped);
    }

    /** One entry's rows, validated in AcoustID's order so the same bad entry gets the same error. */
    private static List<NewSubmission> entry(ApiParams params, String suffix) {
        String name = suffix.isEmpty() ? "" : "." + suffix;
        UUID puid = null;
        String puidText = params.text("puid" + name);
        if (puidText != null) {
            puid = ApiParams.parseUuid(puidText);
            if (puid == null) {
                throw ApiException.invalidUuid("puid" + name);
            }
            if (puid.equals(NIL)) {
                puid = null;
            }
        }
        String foreignId = params.text("foreignid" + name);
        if (foreignId != null && (!FOREIGN_ID.matcher(foreignId).matches() || foreignId.length() > MAX_TEXT)) {
            throw ApiException.invalidForeignId("foreignid" + name);
        }
        List<UUID> mbids = mbids(params, "mbid" + name);
        Integer duration = ApiParams.parseInt(params.first("duration" + name));
        if (duration == null) {
            throw ApiException.missingParameter("duration" + name);
        }
        if (duration <= 0 || duration > MAX_DURATION) {
            throw ApiException.invalidDuration("duration" + name);
        }
        int[] hashes = fingerprint(params, "fingerprint" + name);
        Integer bitrate = null;
        String bitrateText = params.text("bitrate" + name);
        if (bitrateText != null) {
            // as AcoustID: a value that is not a number is no bitrate; a number must fit the column
            bitrate = ApiParams.parseInt(bitrateText);
            if (bitrate != null && (bitrate <= 0 || bitrate > Short.MAX_VALUE)) {
                throw ApiException.invalidBitrate("bitrate" + name);
            }
        }
        String format = text(params, "fileformat" + name, 20);
        SubmittedMeta meta = new SubmittedMeta(text(params, "track" + name, MAX_TEXT), text(params, "artist" + name, MAX_TEXT),
                text(params, "album" + name, MAX_TEXT), text(params, "albumartist" + name, MAX_TEXT),
                number(params, "trackno" + name, MAX_TRACK_OR_DISC_NUMBER), number(params, "discno" + name, MAX_TRACK_OR_DISC_NUMBER),
                number(params, "year" + name, 9999));
        if (mbids.isEmpty() && puid == null && meta.isEmpty()) {
            return List.of();
        }
        SubmittedMeta storedMeta = meta.isEmpty() ? null : meta;
        String index = suffix.isEmpty() ? null : suffix;
        List<NewSubmission> out = new ArrayList<>(Math.max(1, mbids.size()));
        if (mbids.isEmpty()) {
            out.add(new NewSubmission(index, hashes, duration, bitrate, format, null, puid, foreignId, storedMeta));
        }
        for (UUID mbid : mbids) {
            out.add(new NewSubmission(index, hashes, duration, bitrate, format, mbid, puid, foreignId, storedMeta));
        }
        return out;
    }

    /** The entry's distinct MBIDs; blank values and the nil UUID link nothing. */
    private static List<UUID> mbids(ApiParams params, String name) {
        List<UUID> mbids = new ArrayList<>();
        for (String value : params.all(name)) {
            if (value.isBlank()) {
                continue;
            }
            UUID mbid = ApiParams.parseUuid(value);
            if (mbid == null) {
                throw ApiException.invalidUuid(name);
            }
            if (!mbid.equals(NIL) && !mbids.contains(mbid)) {
                if (mbids.size() == RequestLimits.MAX_MBIDS_PER_SUBMISSION) {
                    throw ApiException.tooManyValues(name, RequestLimits.MAX_MBIDS_PER_SUBMISSION);
                }
                mbids.add(mbid);
            }
        }
        return mbids;
    }

    /** The decoded items, refused by their declared count before they are allocated when too many. */
    private static int[] fingerprint(ApiParams params, String name) {
        String fingerprint = params.first(name);
        if (fingerprint == null || fingerprint.isBlank()) {
            throw ApiException.missingParameter(name);
        }
        String encoded = fingerprint.strip();
        if (ChromaprintCodec.declaredItemCount(encoded) > RequestLimits.MAX_ITEMS_PER_FINGERPRINT) {
            throw ApiException.fingerprintTooLong(name, RequestLimits.MAX_ITEMS_PER_FINGERPRINT);
        }
        try {
            return ChromaprintCodec.decodeForAcoustId(encoded).hashes();
        } catch (InvalidFingerprintException e) {
            throw ApiException.invalidFingerprint();
        }
    }

    /** Text as submitted, whitespace runs and NULs collapsed, cut to the column's length; blank is absent. */
    static String text(ApiParams params, String name, int max) {
        String value = params.first(name);
        if (value == null) {
            return null;
        }
        String clean = value.replace('\u0000', ' ').replaceAll("\\s+", " ").strip();
        if (clean.isEmpty()) {
            return null;
        }
        return clean.length() > max ? clean.substring(0, max) : clean;
    }

    /** A positive number up to {@code max}; anything else is dropped, as AcoustID drops it. */
    private static Integer number(ApiParams params, String name, int max) {
        Integer value = ApiParams.parseInt(params.first(name));
        return value == null || value <= 0 || value > max ? null : value;
    }
}
