package org.songprint.fingerprint.importer;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.common.event.SubmissionResultEvent.Status;
import org.songprint.fingerprint.importer.ImportPlan.LinkSource;
import org.songprint.fingerprint.importer.ImportPlan.LinkUpsert;
import org.songprint.fingerprint.importer.ImportPlan.NewFingerprint;
import org.songprint.fingerprint.importer.ImportPlan.NewTrack;
import org.songprint.fingerprint.importer.ImportPlan.PlannedImport;
import org.songprint.fingerprint.importer.ImportPlan.PlannedLink;
import org.songprint.fingerprint.importer.ImportPlan.SourceKey;
import org.songprint.fingerprint.importer.ImportRepository.FingerprintRow;
import org.songprint.fingerprint.importer.ImportRepository.LinkKey;
import org.songprint.fingerprint.importer.ImportRepository.LinkRow;
import org.songprint.fingerprint.importer.ImportRepository.SourceRow;
import org.songprint.fingerprint.index.IndexedFingerprint;

/**
 * Writes an {@link ImportPlan} on the caller's transaction in four round trips, however many tables
 * it touches: the new ids; then tracks, fingerprints, their sources, the MBID and PUID links and the
 * metadata and foreign id rows; then the links that needed those rows, with the first links'
 * sources; then the rest of the sources. Rows go in (track, value) order, so importers cannot
 * deadlock on them.
 */
@ApplicationScoped
class ImportWriter {

    private final ImportRepository repository;
    // rows that never change once written: asked for once per importer, not once per batch
    private final Map<SourceKey, Integer> sourceIds = new ConcurrentHashMap<>();
    private final Map<String, Integer> formatIds = new ConcurrentHashMap<>();

    ImportWriter(ImportRepository repository) {
        this.repository = repository;
    }

    /** Writes the plan and returns each submission's outcome, by submission id. */
    Map<Long, ImportOutcome> write(Pipeline pipeline, ImportPlan plan) {
        NewIds ids = takeIds(pipeline, plan);
        insertTracksAndFingerprints(pipeline, plan, ids);
        Map<Long, ImportOutcome> outcomes = countSubmissions(pipeline, plan, ids);
        link(pipeline, plan, ids.tracks(), outcomes);
        return outcomes;
    }

    /** Cached ids (sources, formats) may name rows of a rolled-back transaction. */
    void forgetCachedIds() {
        sourceIds.clear();
        formatIds.clear();
    }

    private NewIds takeIds(Pipeline pipeline, ImportPlan plan) {
        CompletableFuture<List<Integer>> trackIds = repository.nextIds(pipeline, "track_id_seq", plan.newTracks().size());
        CompletableFuture<List<Integer>> fingerprintIds = repository.nextIds(pipeline, "fingerprint_id_seq",
                plan.newFingerprints().size());
        Map<String, CompletableFuture<Integer>> formatsSent = new HashMap<>();
        Map<SourceKey, CompletableFuture<Integer>> sourcesSent = new HashMap<>();
        for (PlannedImport decision : plan.imports()) {
            String format = formatName(decision.submission().format());
            if (format != null && !formatIds.containsKey(format)) {
                formatsSent.computeIfAbsent(format, name -> repository.formatId(pipeline, name));
            }
            SourceKey source = SourceKey.of(decision.submission());
            if (!sourceIds.containsKey(source)) {
                sourcesSent.computeIfAbsent(source, key -> repository.sourceId(pipeline, key.applicationId(),
                        key.accountId(), key.version()));
            }
        }
        NewIds ids = new NewIds(pipeline.await(trackIds), pipeline.await(fingerprintIds));
        formatsSent.forEach((name, id) -> formatIds.put(name, pipeline.await(id)));
        sourcesSent.forEach((key, id) -> sourceIds.put(key, pipeline.await(id)));
        return ids;
    }

    private void insertTracksAndFingerprints(Pipeline pipeline, ImportPlan plan, NewIds ids) {
        repository.insertTracks(pipeline, ids.tracks(), plan.newTracks().stream().map(NewTrack::gid).toList());
        List<FingerprintRow> rows = new ArrayList<>(plan.newFingerprints().size());
        for (NewFingerprint fingerprint : plan.newFingerprints()) {
            SubmissionEvent submission = fingerprint.candidate().submission();
            String format = formatName(submission.format());
            rows.add(new FingerprintRow(fingerprint.assignedId(ids.fingerprints()), fingerprint.track().assignedId(ids.tracks()),
                    fingerprint.hashes(), fingerprint.length(), submission.bitrate(), format == null ? null : formatIds.get(format),
                    fingerprint.candidate().simhash()));
        }
        repository.insertFingerprints(pipeline, rows);
    }

    /** One {@code fingerprint_source} row per submission (its trigger counts it); the outcomes. */
    private Map<Long, ImportOutcome> countSubmissions(Pipeline pipeline, ImportPlan plan, NewIds ids) {
        Map<Long, ImportOutcome> outcomes = new HashMap<>();
        List<SourceRow> sources = new ArrayList<>(plan.imports().size());
        for (PlannedImport decision : plan.imports()) {
            SubmissionEvent submission = decision.submission();
            int fingerprintId = decision.fingerprint().assignedId(ids.fingerprints());
            sources.add(new SourceRow(fingerprintId, submission.submissionId(), sourceIds.get(SourceKey.of(submission))));
            IndexedFingerprint indexed = decision.storesFingerprint()
                    ? new IndexedFingerprint(fingerprintId, submission.length(), submission.fingerprint())
                    : null;
            outcomes.put(submission.submissionId(), new ImportOutcome(submission.submissionId(), Status.IMPORTED,
                    decision.track().assignedId(ids.tracks()), decision.track().gid(), fingerprintId, indexed,
                    new ArrayList<>(1), null));
        }
        repository.insertFingerprintSources(pipeline, sources);
        return outcomes;
    }

    /**
     * The links and their sources. MBID and PUID links go at once; metadata and foreign id links
     * wait for their rows' ids. New MBID links are reported on the outcome of their first submission.
     */
    private void link(Pipeline pipeline, ImportPlan plan, List<Integer> newTrackIds, Map<Long, ImportOutcome> outcomes) {
        TableLinks<UUID> mbids = new TableLinks<>(LinkTable.MBID);
        TableLinks<UUID> puids = new TableLinks<>(LinkTable.PUID);
        Map<LinkUpsert, NormalizedMeta> metas = new LinkedHashMap<>();
        Map<LinkUpsert, ForeignId> foreignIds = new LinkedHashMap<>();
        for (LinkUpsert upsert : plan.links()) {
            int trackId = upsert.link().track().assignedId(newTrackIds);
            TrackLink value = upsert.link().value();
            if (value instanceof TrackLink.Mbid mbid) {
                mbids.add(upsert, trackId, mbid.mbid());
            } else if (value instanceof TrackLink.Puid puid) {
                puids.add(upsert, trackId, puid.puid());
            } else if (value instanceof TrackLink.Meta meta) {
                metas.put(upsert, meta.meta());
            } else if (value instanceof TrackLink.Foreign foreign) {
                foreignIds.put(upsert, foreign.foreignId());
            }
        }
        mbids.send(pipeline, repository);
        puids.send(pipeline, repository);
        CompletableFuture<Map<UUID, Integer>> metaIds = metas.isEmpty() ? null
                : repository.metaIds(pipeline, List.copyOf(metas.values()));
        CompletableFuture<Map<ForeignId, Integer>> foreignIdIds = foreignIds.isEmpty() ? null
                : repository.foreignIdIds(pipeline, List.copyOf(foreignIds.values()));
        TableLinks<Integer> metaLinks = linkRows(pipeline, LinkTable.META, metas, metaIds, NormalizedMeta::gid, newTrackIds);
        TableLinks<Integer> foreignIdLinks = linkRows(pipeline, LinkTable.FOREIGN_ID, foreignIds, foreignIdIds,
                Function.identity(), newTrackIds);
        for (TableLinks<?> table : List.of(mbids, puids, metaLinks, foreignIdLinks)) {
            table.insertSources(pipeline, repository, plan.linkSources(), sourceIds);
        }
        for (LinkUpsert upsert : mbids.upserts) {
            LinkKey<UUID> key = mbids.keys.get(upsert.link());
            if (mbids.rows.get(key).inserted()) {
                outcomes.get(upsert.firstSubmissionId()).newMbids().add(key.value());
            }
        }
    }

    /** Links to rows (metadata, foreign ids) whose ids {@code rowIds} brings, keyed by {@code rowKey} of a value. */
    private <T, K> TableLinks<Integer> linkRows(Pipeline pipeline, LinkTable<Integer> table, Map<LinkUpsert, T> values,
            CompletableFuture<Map<K, Integer>> rowIds, Function<T, K> rowKey, List<Integer> newTrackIds) {
        TableLinks<Integer> links = new TableLinks<>(table);
        if (rowIds != null) {
            Map<K, Integer> ids = pipeline.await(rowIds);
            values.forEach((upsert, value) -> links.add(upsert, upsert.link().track().assignedId(newTrackIds),
                    ids.get(rowKey.apply(value))));
            links.send(pipeline, repository);
        }
        return links;
    }

    private static String formatName(String format) {
        return format == null || format.isBlank() ? null : format.strip();
    }

    /** Ids taken from the sequences for the plan's new tracks and fingerprints, in the plan's order. */
    private record NewIds(List<Integer> tracks, List<Integer> fingerprints) {
    }

    /** The batch's links of one table: their (track, value) keys, and the rows the upsert returned. */
    private static final class TableLinks<V extends Comparable<V>> {
        private final LinkTable<V> table;
        final List<LinkUpsert> upserts = new ArrayList<>();
        final Map<PlannedLink, LinkKey<V>> keys = new HashMap<>();
        private final Map<LinkKey<V>, Integer> submissions = new HashMap<>();
        private CompletableFuture<Map<LinkKey<V>, LinkRow>> sent;
        Map<LinkKey<V>, LinkRow> rows = Map.of();

        TableLinks(LinkTable<V> table) {
            this.table = table;
        }

        void add(LinkUpsert upsert, int trackId, V value) {
            LinkKey<V> key = new LinkKey<>(trackId, value);
            upserts.add(upsert);
            keys.put(upsert.link(), key);
            submissions.merge(key, upsert.submissions(), Integer::sum);
        }

        void send(Pipeline pipeline, ImportRepository repository) {
            if (!upserts.isEmpty()) {
                sent = repository.link(pipeline, table, submissions);
            }
        }

        /** Waits for the links' rows, then sends a provenance row per submission, in submission order. */
        void insertSources(Pipeline pipeline, ImportRepository repository, List<LinkSource> linkSources,
                Map<SourceKey, Integer> sourceIds) {
            if (sent == null) {
                return;
            }
            rows = pipeline.await(sent);
            List<SourceRow> sources = new ArrayList<>();
            for (LinkSource source : linkSources) {
                LinkKey<V> key = keys.get(source.link());
                if (key != null) {
                    sources.add(new SourceRow(rows.get(key).id(), source.submissionId(), sourceIds.get(source.source())));
                }
            }
            repository.insertLinkSources(pipeline, table, sources);
        }
    }
}
