package org.songprint.ingest.submit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.songprint.common.api.ApiException;
import org.songprint.common.api.ApiParams;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.common.chromaprint.InvalidFingerprintException;
import org.songprint.common.event.SubmittedMeta;

/**
 * Reads the entries of a {@code /v2/submit} call with AcoustID's rules. Every entry is validated
 * before anything is stored: one bad entry rejects the whole request, so nothing is half-written.
 * Entries with no MBID, no PUID and no text metadata are dropped (AcoustID's policy since 2025), and
 * every MBID of an entry becomes a submission of its own.
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

    static List<NewSubmission> parse(ApiParams params) {
        List<String> suffixes = params.suffixes("fingerprint", "duration");
        if (suffixes.isEmpty()) {
            throw ApiException.missingParameter("fingerprint");
        }
        List<NewSubmission> out = new ArrayList<>();
        for (String suffix : suffixes) {
            out.addAll(entry(params, suffix));
        }
        return out;
    }

    private static List<NewSubmission> entry(ApiParams params, String suffix) {
        String name = suffix.isEmpty() ? "" : "." + suffix;
        String fingerprint = params.first("fingerprint" + name);
        if (fingerprint == null || fingerprint.isBlank()) {
            throw ApiException.missingParameter("fingerprint" + name);
        }
        Integer duration = ApiParams.parseInt(params.first("duration" + name));
        if (duration == null) {
            throw ApiException.missingParameter("duration" + name);
        }
        if (duration <= 0 || duration > MAX_DURATION) {
            throw ApiException.invalidDuration("duration" + name);
        }
        int[] hashes;
        try {
            hashes = ChromaprintCodec.decodeForAcoustId(fingerprint.strip()).hashes();
        } catch (InvalidFingerprintException e) {
            throw ApiException.invalidFingerprint();
        }
        List<UUID> mbids = new ArrayList<>();
        for (String value : params.all("mbid" + name)) {
            if (value.isBlank()) {
                continue;
            }
            UUID mbid = ApiParams.parseUuid(value);
            if (mbid == null) {
                throw ApiException.invalidUuid("mbid" + name);
            }
            if (!mbid.equals(NIL) && !mbids.contains(mbid)) {
                mbids.add(mbid);
            }
        }
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
        Integer bitrate = null;
        String bitrateText = params.text("bitrate" + name);
        if (bitrateText != null) {
            bitrate = ApiParams.parseInt(bitrateText);
            if (bitrate == null || bitrate <= 0 || bitrate > Short.MAX_VALUE) {
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
        List<NewSubmission> out = new ArrayList<>();
        if (mbids.isEmpty()) {
            out.add(new NewSubmission(index, hashes, duration, bitrate, format, null, puid, foreignId, storedMeta));
        }
        for (UUID mbid : mbids) {
            out.add(new NewSubmission(index, hashes, duration, bitrate, format, mbid, puid, foreignId, storedMeta));
        }
        return out;
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
