package org.songprint.fingerprint.lookup;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.songprint.common.api.ApiAnswer;
import org.songprint.common.api.ApiException;
import org.songprint.common.event.ApiKeyEvent;
import org.songprint.common.metadata.v1.Include;
import org.songprint.common.metadata.v1.Recording;
import org.songprint.common.ratelimit.ApiRateLimiter;
import org.songprint.common.ratelimit.Caller;
import org.songprint.fingerprint.index.ExcerptMatch;
import org.songprint.fingerprint.index.ExcerptOptions;
import org.songprint.fingerprint.index.FingerprintIndex;
import org.songprint.fingerprint.index.FingerprintMatch;
import org.songprint.fingerprint.index.IndexConfig;
import org.songprint.fingerprint.index.SearchOptions;
import org.songprint.fingerprint.metadata.MetadataAnswers;
import org.songprint.fingerprint.metadata.MetadataClient;
import org.songprint.fingerprint.metadata.MetadataRenderer;
import org.songprint.fingerprint.stats.LookupEvents;
import org.songprint.fingerprint.track.TrackMbid;
import org.songprint.fingerprint.track.TrackRef;
import org.songprint.fingerprint.track.TrackRepository;

/**
 * Answers {@code /v2/lookup}: searches the index for each fingerprint (duration window applied before
 * the candidates are cut), keeps the best fingerprint per live track, at most 10 tracks per query,
 * and attaches the requested metadata.
 */
@ApplicationScoped
public class LookupService {

    static final int MAX_RESULTS = 10;
    /** Requests with at most this many fingerprints are searched on the event loop... */
    static final int INLINE_SEARCHES = 2;
    /** ...when they hold at most this many items in all (two full 120 s fingerprints are ~1,900). */
    static final int INLINE_ITEMS = 4096;

    private final FingerprintIndex index;
    private final TrackRepository tracks;
    private final MetadataClient metadata;
    private final ApiRateLimiter rateLimiter;
    private final LookupEvents lookupEvents;
    private final int candidates;

    public LookupService(FingerprintIndex index, TrackRepository tracks, MetadataClient metadata,
            ApiRateLimiter rateLimiter, LookupEvents lookupEvents, IndexConfig config) {
        this.lookupEvents = lookupEvents;
        this.metadata = metadata;
        this.rateLimiter = rateLimiter;
        this.index = index;
        this.tracks = tracks;
        this.candidates = config.candidates();
    }

    /** Looks up a request whose application key has been checked, once it counts against the limits. */
    Uni<ApiAnswer> lookup(ApiKeyEvent application, LookupRequest request, Caller caller) {
        // AcoustID's order: a request is checked (format, key, parameters) before it counts
        if (request.excerpt() && !index.searchesExcerpts()) {
            throw ApiException.excerptsOff();
        }
        return rateLimiter.check(application, caller)
                .flatMap(allowed -> search(request))
                .flatMap(matches -> answer(application, caller, request, matches));
    }

    /**
     * Searches the index for every fingerprint of the request. A request of one or two fingerprints
     * (nearly every lookup) is searched on the event loop that received it, a few tenths of a
     * millisecond of CPU, which saves the hand-offs to a worker thread and back; a larger batch,
     * which could hold the loop for tens of milliseconds, is searched on a worker thread; so is a
     * long fingerprint, whose scoring grows with its length, and every excerpt, whose search reads
     * more postings.
     */
    private Uni<List<List<Found>>> search(LookupRequest request) {
        List<LookupQuery> queries = request.queries();
        Uni<List<List<Found>>> searched = Uni.createFrom().item(() -> {
            List<List<Found>> found = new ArrayList<>(queries.size());
            for (LookupQuery query : queries) {
                found.add(query.byTrackId() ? List.of()
                        : request.excerpt() ? excerpts(query.fingerprint()) : matches(query, request.maxDurationDiff()));
            }
            return found;
        });
        long items = 0;
        for (LookupQuery query : queries) {
            items += query.byTrackId() ? 0 : query.fingerprint().length;
        }
        boolean inline = !request.excerpt() && queries.size() <= INLINE_SEARCHES && items <= INLINE_ITEMS;
        return inline ? searched : searched.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private List<Found> matches(LookupQuery query, int maxDurationDiff) {
        List<FingerprintMatch> matches = index.search(query.fingerprint(),
                SearchOptions.lookup(query.duration(), maxDurationDiff, candidates));
        List<Found> found = new ArrayList<>(matches.size());
        matches.forEach(match -> found.add(new Found(match.fingerprintId(), match.score(), null)));
        return found;
    }

    private List<Found> excerpts(int[] clip) {
        List<ExcerptMatch> matches = index.searchExcerpt(clip, ExcerptOptions.lookup(candidates));
        List<Found> found = new ArrayList<>(matches.size());
        matches.forEach(match -> found.add(new Found(match.fingerprintId(), match.score(), match.offsetSeconds())));
        return found;
    }

    /** A fingerprint a query found: its score and, for an excerpt, where the clip begins in it (seconds). */
    private record Found(long fingerprintId, float score, Double offset) {
    }

    private Uni<ApiAnswer> answer(ApiKeyEvent application, Caller caller, LookupRequest request,
            List<List<Found>> matches) {
        List<LookupQuery> queries = request.queries();
        LookupMeta meta = request.meta();
        Set<Long> fingerprintIds = new HashSet<>();
        Set<UUID> trackIds = new HashSet<>();
        for (int i = 0; i < queries.size(); i++) {
            if (queries.get(i).byTrackId()) {
                trackIds.add(queries.get(i).trackId());
            } else {
                matches.get(i).forEach(match -> fingerprintIds.add(match.fingerprintId()));
            }
        }
        boolean needsMetadata = MetadataRenderer.needsMetadata(meta.names());
        // the tracks' MBID links come in the same round trip as the tracks
        boolean withMbids = meta.recordings() || needsMetadata;
        return Uni.combine().all()
                .unis(tracks.tracksOfFingerprints(fingerprintIds, withMbids), tracks.tracksByGid(trackIds, withMbids))
                .asTuple()
                .flatMap(found -> {
                    List<List<ScoredTrack>> perQuery = new ArrayList<>(queries.size());
                    for (int i = 0; i < queries.size(); i++) {
                        perQuery.add(queries.get(i).byTrackId()
                                ? byTrackId(queries.get(i).trackId(), found.getItem2().tracks())
                                : bestPerTrack(matches.get(i), found.getItem1().tracks()));
                    }
                    Map<Integer, List<TrackMbid>> links = new HashMap<>(found.getItem1().mbids());
                    links.putAll(found.getItem2().mbids());
                    countLookups(application, caller, queries, perQuery);
                    if (!needsMetadata) {
                        return Uni.createFrom().item(render(request, perQuery, links, Map.of()));
                    }
                    Set<UUID> recordingIds = new LinkedHashSet<>();
                    perQuery.forEach(results -> results.forEach(result ->
                            links.getOrDefault(result.track().id(), List.of()).forEach(link -> recordingIds.add(link.mbid()))));
                    return metadata.recordings(recordingIds, includes(meta))
                            .map(recordings -> render(request, perQuery, links, recordings));
                });
    }

    /** Counts each fingerprint looked up for the statistics (track-id queries are not lookups of audio). */
    private void countLookups(ApiKeyEvent application, Caller caller, List<LookupQuery> queries,
            List<List<ScoredTrack>> perQuery) {
        for (int i = 0; i < queries.size(); i++) {
            if (!queries.get(i).byTrackId()) {
                lookupEvents.answered(application, caller, !perQuery.get(i).isEmpty());
            }
        }
    }

    private static Set<Include> includes(LookupMeta meta) {
        Set<Include> includes = EnumSet.noneOf(Include.class);
        if (meta.has("releases") || meta.has("releaseids")) {
            includes.add(Include.INCLUDE_RELEASES);
        }
        if (meta.has("releasegroups") || meta.has("releasegroupids")) {
            includes.add(Include.INCLUDE_RELEASE_GROUPS);
        }
        if (meta.has("tracks")) {
            includes.add(Include.INCLUDE_TRACKS);
        }
        if (meta.has("isrcs")) {
            includes.add(Include.INCLUDE_ISRCS);
        }
        return includes;
    }

    private static List<ScoredTrack> byTrackId(UUID requested, Map<UUID, TrackRef> found) {
        TrackRef track = found.get(requested);
        // a merged track answers under the requested id, with the surviving track's links
        return track == null ? List.of() : List.of(new ScoredTrack(requested, track, 1.0f, null));
    }

    private static List<ScoredTrack> bestPerTrack(List<Found> matches, Map<Long, TrackRef> tracks) {
        Map<Integer, ScoredTrack> best = new LinkedHashMap<>();
        for (Found match : matches) {
            TrackRef track = tracks.get(match.fingerprintId());
            if (track == null) {
                continue;
            }
            ScoredTrack current = best.get(track.id());
            if (current == null || match.score() > current.score()) {
                best.put(track.id(), new ScoredTrack(track.gid(), track, match.score(), match.offset()));
            }
        }
        List<ScoredTrack> out = new ArrayList<>(best.values());
        out.sort(Comparator.comparing(ScoredTrack::score).reversed().thenComparing(s -> s.track().id()));
        return out.size() > MAX_RESULTS ? out.subList(0, MAX_RESULTS) : out;
    }

    private static ApiAnswer render(LookupRequest request, List<List<ScoredTrack>> perQuery,
            Map<Integer, List<TrackMbid>> mbids, Map<UUID, Recording> recordings) {
        MetadataRenderer renderer = new MetadataRenderer(request.meta().names());
        if (!request.batch()) {
            return new LookupAnswers.Single(results(perQuery.get(0), mbids, recordings, renderer, request.meta()));
        }
        List<LookupAnswers.QueryResults> fingerprints = new ArrayList<>(perQuery.size());
        for (int i = 0; i < perQuery.size(); i++) {
            fingerprints.add(new LookupAnswers.QueryResults(request.queries().get(i).index(),
                    results(perQuery.get(i), mbids, recordings, renderer, request.meta())));
        }
        return new LookupAnswers.Batch(fingerprints);
    }

    private static List<LookupAnswers.Result> results(List<ScoredTrack> tracks, Map<Integer, List<TrackMbid>> mbids,
            Map<UUID, Recording> recordings, MetadataRenderer renderer, LookupMeta meta) {
        List<LookupAnswers.Result> results = new ArrayList<>(tracks.size());
        for (ScoredTrack track : tracks) {
            List<TrackMbid> links = mbids.getOrDefault(track.track().id(), List.of());
            List<MetadataAnswers.Recording> rendered = null;
            MetadataAnswers.TrackReleases releases = MetadataAnswers.TrackReleases.NONE;
            if (meta.recordings()) {
                if (!links.isEmpty()) {
                    rendered = new ArrayList<>(links.size());
                    for (TrackMbid link : links) {
                        rendered.add(renderer.recording(link.mbid(),
                                meta.has("sources") ? link.submissionCount() : null, recordings.get(link.mbid())));
                    }
                }
            } else if (!links.isEmpty()) {
                List<Recording> found = new ArrayList<>();
                for (TrackMbid link : links) {
                    Recording recording = recordings.get(link.mbid());
                    if (recording != null) {
                        found.add(recording);
                    }
                }
                releases = renderer.resultLevel(found);
            }
            results.add(new LookupAnswers.Result(track.answerId().toString(), track.score(), rendered,
                    releases.releasegroups(), releases.releases(), track.offset()));
        }
        return results;
    }

    /** A track in a lookup answer, under the id the client asked for. */
    private record ScoredTrack(UUID answerId, TrackRef track, float score, Double offset) {
    }
}
