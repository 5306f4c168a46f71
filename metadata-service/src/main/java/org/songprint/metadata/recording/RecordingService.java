package org.songprint.metadata.recording;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.songprint.common.metadata.v1.Recording;
import org.songprint.metadata.provider.MetadataProvider;
import org.songprint.metadata.provider.ProviderAnswer;

/**
 * Database first: a requested recording is answered from the cache when it is there (a stale one
 * too, refreshed in the background), from the provider only on a miss, and not at all when the
 * provider said 404 within the last hour. Concurrent requests for the same missing MBID share one
 * provider call; a caller that cannot wait longer gets "unavailable" while the fetch completes
 * into the cache for the next one.
 */
@ApplicationScoped
public class RecordingService {

    private static final Logger LOG = Logger.getLogger(RecordingService.class);

    private final RecordingReader reader;
    private final RecordingWriter writer;
    private final UnknownMbids unknownMbids;
    private final MetadataProvider provider;
    private final CacheConfig config;
    private final MeterRegistry metrics;
    private final Map<UUID, Fetch> inFlight = new ConcurrentHashMap<>();
    // MBIDs whose fetch just failed (provider down or throttled), with when to try again: callers
    // get "unavailable" at once instead of waiting out their deadline on every request
    private final Map<UUID, Long> retryAfter = new ConcurrentHashMap<>();
    // System.nanoTime() of the last failed provider fetch; null until one fails
    private volatile Long lastFetchFailureNanos;

    public RecordingService(RecordingReader reader, RecordingWriter writer, UnknownMbids unknownMbids,
            MetadataProvider provider, CacheConfig config, MeterRegistry metrics) {
        this.reader = reader;
        this.writer = writer;
        this.unknownMbids = unknownMbids;
        this.provider = provider;
        this.config = config;
        this.metrics = metrics;
    }

    public Uni<RecordingBatch> recordings(List<UUID> requestedMbids, Duration budget) {
        List<UUID> requested = new ArrayList<>(new LinkedHashSet<>(requestedMbids));
        return reader.aliases(requested).flatMap(aliases -> {
            Map<UUID, UUID> canonicalOf = new HashMap<>();
            requested.forEach(mbid -> canonicalOf.put(mbid, aliases.getOrDefault(mbid, mbid)));
            return reader.find(new HashSet<>(canonicalOf.values())).flatMap(cached -> {
                Map<UUID, Recording> found = new HashMap<>();
                List<UUID> missing = new ArrayList<>();
                Instant staleBefore = Instant.now().minus(config.ttl());
                for (UUID mbid : requested) {
                    CachedRecording hit = cached.get(canonicalOf.get(mbid));
                    if (hit == null) {
                        missing.add(mbid);
                        continue;
                    }
                    if (hit.fetchedAt().isBefore(staleBefore)) {
                        count("stale");
                        refreshInBackground(mbid);
                    } else {
                        count("hit");
                    }
                    found.put(mbid, asRequested(hit.recording(), mbid));
                }
                if (missing.isEmpty()) {
                    return Uni.createFrom().item(new RecordingBatch(found, Set.of(), Set.of()));
                }
                return fetchMissing(missing, budget, found);
            });
        });
    }

    /** Time since a provider fetch last failed (down, throttling, circuit open), or null if none has. */
    public Duration sinceLastFetchFailure() {
        Long failedAt = lastFetchFailureNanos;
        return failedAt == null ? null : Duration.ofNanos(System.nanoTime() - failedAt);
    }

    /** Prefetch: makes sure the recording is cached and fresh, within the provider's rate. */
    public Uni<Void> warm(UUID mbid) {
        return recordings(List.of(mbid), config.fetchBudget().multipliedBy(12)).replaceWithVoid();
    }

    private Uni<RecordingBatch> fetchMissing(List<UUID> missing, Duration budget, Map<UUID, Recording> found) {
        return unknownMbids.known(missing).flatMap(unknown -> {
            Set<UUID> unknownOut = new HashSet<>(unknown);
            Set<UUID> unavailable = ConcurrentHashMap.newKeySet();
            Map<UUID, Recording> fetched = new ConcurrentHashMap<>();
            List<Uni<Void>> fetches = new ArrayList<>();
            for (UUID mbid : missing) {
                if (unknown.contains(mbid)) {
                    count("unknown");
                    continue;
                }
                if (!worthWaitingFor(mbid, budget)) {
                    count("unavailable");
                    unavailable.add(mbid);
                    refreshInBackground(mbid);
                    continue;
                }
                count("miss");
                fetches.add(fetchOnce(mbid)
                        .ifNoItem().after(budget).fail()
                        .onItem().invoke(result -> {
                            if (result.isPresent()) {
                                fetched.put(mbid, asRequested(result.get().recording(), mbid));
                            } else {
                                synchronized (unknownOut) {
                                    unknownOut.add(mbid);
                                }
                            }
                        })
                        .onFailure().recoverWithItem(failure -> {
                            count("unavailable");
                            LOG.debugf("recording %s unavailable now: %s", mbid, failure.getMessage());
                            unavailable.add(mbid);
                            return Optional.empty();
                        })
                        .replaceWithVoid());
            }
            Uni<Void> all = fetches.isEmpty() ? Uni.createFrom().voidItem()
                    : Uni.combine().all().unis(fetches).usingConcurrencyOf(fetches.size()).discardItems();
            return all.map(done -> {
                Map<UUID, Recording> merged = new HashMap<>(found);
                merged.putAll(fetched);
                return new RecordingBatch(merged, unknownOut, Set.copyOf(unavailable));
            });
        });
    }

    /**
     * False when waiting would be futile: the last fetch failed moments ago, or the fetch in flight
     * has already taken longer than this caller's whole budget (the provider is slow or queued).
     */
    private boolean worthWaitingFor(UUID mbid, Duration budget) {
        long now = System.nanoTime();
        Long after = retryAfter.get(mbid);
        if (after != null) {
            if (now - after < 0) {
                return false;
            }
            retryAfter.remove(mbid, after);
        }
        Fetch running = inFlight.get(mbid);
        return running == null || now - running.startedNanos() < budget.toNanos();
    }

    private void refreshInBackground(UUID mbid) {
        Long after = retryAfter.get(mbid);
        if (after != null && System.nanoTime() - after < 0) {
            return;
        }
        fetchOnce(mbid).subscribe().with(
                refreshed -> LOG.debugf("refreshed recording %s", mbid),
                failure -> LOG.debugf("refresh of recording %s failed, stale copy kept: %s", mbid, failure.getMessage()));
    }

    /**
     * One provider call per MBID at a time in this replica, whoever asks: the first caller starts it,
     * later ones join it. The result lands in the cache even if every caller stopped waiting.
     */
    private Uni<Optional<CachedRecording>> fetchOnce(UUID mbid) {
        Fetch running = inFlight.get(mbid);
        if (running != null) {
            return running.result();
        }
        AtomicReference<Fetch> self = new AtomicReference<>();
        Uni<Optional<CachedRecording>> shared = Uni.createFrom().deferred(() -> provider.recording(mbid))
                .flatMap(this::store)
                .onFailure().invoke(failure -> {
                    long failedAt = System.nanoTime();
                    lastFetchFailureNanos = failedAt;
                    retryAfter.put(mbid, failedAt + config.retryAfterFailure().toNanos());
                })
                .onTermination().invoke(() -> inFlight.remove(mbid, self.get()))
                .memoize().indefinitely();
        self.set(new Fetch(shared, System.nanoTime()));
        running = inFlight.putIfAbsent(mbid, self.get());
        if (running != null) {
            return running.result();
        }
        // started now, so it completes into the cache even when every caller stops waiting
        shared.subscribe().with(result -> { }, failure -> { });
        return shared;
    }

    private record Fetch(Uni<Optional<CachedRecording>> result, long startedNanos) {
    }

    private Uni<Optional<CachedRecording>> store(ProviderAnswer answer) {
        if (answer instanceof ProviderAnswer.Found found) {
            UUID canonical = UUID.fromString(found.recording().id());
            return writer.store(found.requested(), found.recording())
                    .flatMap(stored -> reader.find(List.of(canonical)))
                    .map(rows -> Optional.ofNullable(rows.get(canonical)));
        }
        return unknownMbids.remember(answer.requested()).map(remembered -> Optional.empty());
    }

    private static Recording asRequested(Recording recording, UUID requested) {
        return recording.getRequestedMbid().equals(requested.toString()) ? recording
                : recording.toBuilder().setRequestedMbid(requested.toString()).build();
    }

    private void count(String result) {
        metrics.counter("songprint.metadata.cache", "result", result).increment();
    }
}
