package org.songprint.fingerprint.curation;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.songprint.common.api.AcoustIdError;
import org.songprint.common.api.ApiException;
import org.songprint.common.api.ApiParams;
import org.songprint.common.api.ClusterSecret;

/**
 * Merging tracks and disabling MBID links. The schema's merge trigger moves fingerprints and links
 * (counts summed, provenance kept) in the merging transaction; a disabled link is hidden from
 * lookups and list_by_mbid, and every change is logged in {@code track_mbid_change}.
 */
@ApplicationScoped
public class CurationService {

    static final int MAX_SOURCES = 100;
    /** A note on a link change: a sentence or two saying why, as on AcoustID's track pages. */
    static final int MAX_NOTE_CHARS = 500;

    private final CurationRepository repository;
    private final ClusterSecret secret;
    private final int changesPerHour;

    public CurationService(CurationRepository repository, ClusterSecret secret,
            @ConfigProperty(name = "songprint.curation.changes-per-hour", defaultValue = "60") int changesPerHour) {
        this.repository = repository;
        this.secret = secret;
        this.changesPerHour = changesPerHour;
    }

    public Uni<CurationAnswers.Merged> mergeTracks(ApiParams params) {
        secret.require(params);
        UUID target = requireUuid(params, "target");
        Set<UUID> sources = new LinkedHashSet<>();
        for (String value : params.all("source")) {
            UUID source = ApiParams.parseUuid(value);
            if (source == null) {
                throw ApiException.invalidUuid("source");
            }
            sources.add(source);
        }
        if (sources.isEmpty()) {
            throw ApiException.missingParameter("source");
        }
        if (sources.size() > MAX_SOURCES) {
            throw ApiException.requestTooLarge();
        }
        if (sources.contains(target)) {
            throw new ApiException(AcoustIdError.NOT_ALLOWED, "cannot merge a track into itself");
        }
        return repository.merge(target, new ArrayList<>(sources)).map(merged -> new CurationAnswers.Merged(
                target.toString(), merged.stream().map(UUID::toString).toList()));
    }

    public Uni<CurationAnswers.MbidDisabled> setMbidDisabled(ApiParams params) {
        secret.require(params);
        UUID track = requireUuid(params, "track");
        UUID mbid = requireUuid(params, "mbid");
        String flag = params.first("disabled");
        if (flag == null) {
            throw ApiException.missingParameter("disabled");
        }
        boolean disabled = switch (flag) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw new ApiException(AcoustIdError.MISSING_PARAMETER, "invalid parameter \"disabled\"");
        };
        Integer account = params.first("account") == null ? Integer.valueOf(0) : ApiParams.parseInt(params.first("account"));
        if (account == null || account < 0) {
            throw new ApiException(AcoustIdError.MISSING_PARAMETER, "invalid parameter \"account\"");
        }
        String note = params.first("note");
        if (note != null && note.length() > MAX_NOTE_CHARS) {
            throw new ApiException(AcoustIdError.MISSING_PARAMETER, "invalid parameter \"note\": longer than "
                    + MAX_NOTE_CHARS + " characters");
        }
        // an operator's own calls (account 0) are not limited; a user's, from the track pages, are
        int limit = account == 0 ? Integer.MAX_VALUE : changesPerHour;
        return repository.setDisabled(track, mbid, disabled, account, note, limit).map(changed -> new CurationAnswers.MbidDisabled(
                track.toString(), mbid.toString(), disabled, changed));
    }

    private static UUID requireUuid(ApiParams params, String name) {
        String value = params.first(name);
        if (value == null) {
            throw ApiException.missingParameter(name);
        }
        UUID uuid = ApiParams.parseUuid(value);
        if (uuid == null) {
            throw ApiException.invalidUuid(name);
        }
        return uuid;
    }
}
