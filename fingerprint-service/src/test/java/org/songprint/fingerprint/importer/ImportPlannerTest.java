package org.songprint.fingerprint.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.songprint.common.chromaprint.FingerprintComparator;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.common.event.SubmittedMeta;
import org.songprint.fingerprint.importer.ImportPlan.LinkSource;
import org.songprint.fingerprint.importer.ImportPlan.LinkUpsert;
import org.songprint.fingerprint.importer.ImportPlan.NewFingerprint;
import org.songprint.fingerprint.importer.ImportPlan.NewTrack;
import org.songprint.fingerprint.importer.ImportPlan.PlannedImport;
import org.songprint.fingerprint.importer.ImportPlan.PlannedLink;
import org.songprint.fingerprint.importer.ImportPlan.SourceKey;
import org.songprint.fingerprint.importer.ImportPlan.StoredFingerprint;
import org.songprint.fingerprint.importer.ImportPlan.StoredTrack;

/** The importer's decisions, without a database: AcoustID's track, fingerprint and link rules. */
class ImportPlannerTest {

    static final UUID MBID = UUID.fromString("5e1e9a1c-2222-4c0e-9a0e-0000000000d4");
    static final UUID OTHER_MBID = UUID.fromString("5e1e9a1c-2222-4c0e-9a0e-0000000000d5");
    static final UUID PUID = UUID.fromString("00000000-3333-4c0e-9a0e-0000000000e6");
    static final UUID NIL = new UUID(0, 0);
    static final int LENGTH = 60;

    private final int[] song = randomFingerprint(1);
    private final int[] otherSong = randomFingerprint(2);
    private long nextSubmissionId = 100;
    private long nextGid = 1;
    private final ImportPlanner planner = new ImportPlanner(() -> new UUID(0xACE, nextGid++));

    // --- tracks and fingerprints ------------------------------------------------------------------

    @Test
    void aSubmissionMatchingNothingStartsANewTrackWithItsFingerprint() {
        Candidate submission = candidate(song, LENGTH);
        ImportPlan plan = planner.plan(List.of(submission), List.of(Map.of()), List.of());

        assertThat(plan.newTracks()).containsExactly(new NewTrack(0, new UUID(0xACE, 1)));
        assertThat(plan.newFingerprints()).containsExactly(new NewFingerprint(0, plan.newTracks().get(0), submission));
        PlannedImport decision = plan.imports().get(0);
        assertThat(decision.track()).isEqualTo(plan.newTracks().get(0));
        assertThat(decision.fingerprint()).isSameAs(plan.newFingerprints().get(0));
        assertThat(decision.storesFingerprint()).isTrue();
    }

    @Test
    void aStoredFingerprintScoringAboveTheReuseThresholdIsCountedAgainNotStored() {
        TrackFingerprint stored = stored(10, 5, song, LENGTH);
        ImportPlan plan = planner.plan(List.of(candidate(song, LENGTH + 3)), List.of(Map.of(10, 0.95f)), List.of(stored));

        assertThat(plan.newTracks()).isEmpty();
        assertThat(plan.newFingerprints()).isEmpty();
        PlannedImport decision = plan.imports().get(0);
        assertThat(decision.track()).isEqualTo(storedTrack(5));
        assertThat(decision.fingerprint()).isInstanceOf(StoredFingerprint.class);
        assertThat(((StoredFingerprint) decision.fingerprint()).id()).isEqualTo(10);
        assertThat(decision.storesFingerprint()).isFalse();
    }

    @Test
    void aSimilarStoredFingerprintBringsANewFingerprintToItsTrack() {
        int[] similar = withScoreBetween(song, 0.76f, 0.89f);
        float score = score(song, similar);
        ImportPlan plan = planner.plan(List.of(candidate(similar, LENGTH)), List.of(Map.of(10, score)),
                List.of(stored(10, 5, song, LENGTH)));

        assertThat(plan.newTracks()).isEmpty();
        assertThat(plan.newFingerprints()).hasSize(1);
        assertThat(plan.newFingerprints().get(0).track()).isEqualTo(storedTrack(5));
        assertThat(plan.imports().get(0).storesFingerprint()).isTrue();
    }

    @Test
    void aScoreOfExactlyTheReuseThresholdStoresANewFingerprint() {
        ImportPlan plan = planner.plan(List.of(candidate(song, LENGTH)),
                List.of(Map.of(10, ImportRules.FINGERPRINT_REUSE_THRESHOLD)), List.of(stored(10, 5, song, LENGTH)));

        assertThat(plan.imports().get(0).track()).isEqualTo(storedTrack(5));
        assertThat(plan.imports().get(0).storesFingerprint()).isTrue();
    }

    @Test
    void aTrackIsAcceptableOnlyIfEveryFingerprintIsWithinSevenSeconds() {
        List<TrackFingerprint> track = List.of(stored(10, 5, song, LENGTH), stored(11, 5, song, LENGTH + 7));
        ImportPlan within = planner.plan(List.of(candidate(song, LENGTH)), List.of(Map.of(10, 1f)), track);
        assertThat(within.imports().get(0).track()).isEqualTo(storedTrack(5));

        List<TrackFingerprint> tooLong = List.of(stored(10, 5, song, LENGTH), stored(11, 5, song, LENGTH + 8));
        ImportPlan outside = planner.plan(List.of(candidate(song, LENGTH)), List.of(Map.of(10, 1f)), tooLong);
        assertThat(outside.imports().get(0).track()).isInstanceOf(NewTrack.class);
    }

    @Test
    void aTrackWithOneUnlikeFingerprintIsPassedOverForTheNextBestAcceptableTrack() {
        int[] similar = withScoreBetween(song, 0.76f, 0.89f);
        List<TrackFingerprint> stored = List.of(stored(10, 5, song, LENGTH), stored(11, 5, otherSong, LENGTH),
                stored(12, 6, similar, LENGTH));
        ImportPlan plan = planner.plan(List.of(candidate(song, LENGTH)), List.of(Map.of(10, 1f, 12, 0.85f)), stored);

        // track 5 scores best but its other fingerprint scores below 0.4; track 6 gets a new fingerprint
        assertThat(plan.imports().get(0).track()).isEqualTo(storedTrack(6));
        assertThat(plan.imports().get(0).storesFingerprint()).isTrue();
        assertThat(plan.newTracks()).isEmpty();
    }

    @Test
    void ofTracksScoringTheSameTheLowestIdWins() {
        List<TrackFingerprint> stored = List.of(stored(10, 7, song, LENGTH), stored(11, 3, song, LENGTH));
        ImportPlan plan = planner.plan(List.of(candidate(song, LENGTH)), List.of(Map.of(10, 1f, 11, 1f)), stored);

        assertThat(plan.imports().get(0).track()).isEqualTo(storedTrack(3));
        assertThat(((StoredFingerprint) plan.imports().get(0).fingerprint()).id()).isEqualTo(11);
    }

    @Test
    void onlyTheTwentyBestTracksAreConsidered() {
        List<TrackFingerprint> stored = new ArrayList<>();
        Map<Integer, Float> scores = new HashMap<>();
        for (int track = 1; track <= ImportRules.MAX_CANDIDATE_TRACKS; track++) {
            // each of the 20 best tracks also holds an unlike fingerprint: none is acceptable
            stored.add(stored(track * 10, track, song, LENGTH));
            stored.add(stored(track * 10 + 1, track, otherSong, LENGTH));
            scores.put(track * 10, 0.99f - track * 0.001f);
        }
        stored.add(stored(1000, 100, song, LENGTH));
        scores.put(1000, 0.95f);

        ImportPlan plan = planner.plan(List.of(candidate(song, LENGTH)), List.of(scores), stored);
        assertThat(plan.imports().get(0).track()).as("the 21st track is not tried").isInstanceOf(NewTrack.class);

        scores.remove(ImportRules.MAX_CANDIDATE_TRACKS * 10);
        ImportPlan fewer = planner.plan(List.of(candidate(song, LENGTH)), List.of(scores), stored);
        assertThat(fewer.imports().get(0).track()).as("now the 20th").isEqualTo(storedTrack(100));
    }

    @Test
    void aMatchOnAFingerprintWhoseTrackIsNotLiveIsIgnored() {
        // fingerprint 10 was found, but the read of live tracks did not return it (merged or disabled)
        ImportPlan plan = planner.plan(List.of(candidate(song, LENGTH)), List.of(Map.of(10, 1f)), List.of());

        assertThat(plan.newTracks()).hasSize(1);
        assertThat(plan.imports().get(0).storesFingerprint()).isTrue();
    }

    // --- decisions within a batch -----------------------------------------------------------------

    @Test
    void theSameFingerprintTwiceInABatchIsStoredOnceAndCountedTwice() {
        Candidate first = candidate(song, LENGTH);
        Candidate again = candidate(song, LENGTH + 1);
        ImportPlan plan = planner.plan(List.of(first, again), List.of(Map.of(), Map.of()), List.of());

        assertThat(plan.newTracks()).hasSize(1);
        assertThat(plan.newFingerprints()).hasSize(1);
        assertThat(plan.imports().get(1).fingerprint()).isSameAs(plan.imports().get(0).fingerprint());
        assertThat(plan.imports()).extracting(PlannedImport::storesFingerprint).containsExactly(true, false);
    }

    @Test
    void aSimilarSubmissionLaterInTheBatchJoinsTheBatchsNewTrack() {
        int[] similar = withScoreBetween(song, 0.76f, 0.89f);
        ImportPlan plan = planner.plan(List.of(candidate(song, LENGTH), candidate(similar, LENGTH)),
                List.of(Map.of(), Map.of()), List.of());

        assertThat(plan.newTracks()).hasSize(1);
        assertThat(plan.newFingerprints()).extracting(NewFingerprint::track).containsOnly(plan.newTracks().get(0));
        assertThat(plan.imports()).extracting(PlannedImport::storesFingerprint).containsExactly(true, true);
    }

    @Test
    void theSameAudioMuchLongerLaterInTheBatchStartsItsOwnTrack() {
        ImportPlan plan = planner.plan(List.of(candidate(song, LENGTH), candidate(song, LENGTH + 8)),
                List.of(Map.of(), Map.of()), List.of());

        assertThat(plan.newTracks()).hasSize(2);
        assertThat(plan.imports()).extracting(PlannedImport::track).doesNotHaveDuplicates();
    }

    @Test
    void unrelatedSubmissionsInABatchGetATrackEach() {
        ImportPlan plan = planner.plan(List.of(candidate(song, LENGTH), candidate(otherSong, LENGTH)),
                List.of(Map.of(), Map.of()), List.of());

        assertThat(plan.newTracks()).extracting(NewTrack::index).containsExactly(0, 1);
        assertThat(plan.newFingerprints()).extracting(NewFingerprint::index).containsExactly(0, 1);
    }

    @Test
    void aStoredTrackRanksBeforeANewTrackOfTheBatchWithTheSameScore() {
        Candidate first = candidate(song, LENGTH);
        Candidate second = candidate(song, LENGTH);
        ImportPlan plan = planner.plan(List.of(first, second), List.of(Map.of(), Map.of(10, 1f)),
                List.of(stored(10, 5, song, LENGTH)));

        assertThat(plan.imports().get(0).track()).isInstanceOf(NewTrack.class);
        assertThat(plan.imports().get(1).track()).isEqualTo(storedTrack(5));
        assertThat(plan.imports().get(1).storesFingerprint()).isFalse();
    }

    // --- links and provenance ---------------------------------------------------------------------

    @Test
    void eachLinkIsUpsertedOncePerTrackWithItsSubmissionCountAndASourcePerSubmission() {
        SubmittedMeta meta = new SubmittedMeta("Night Drive", "The Artist", null, null, 3, null, 2019);
        SubmittedMeta sameMetaSpacedOut = new SubmittedMeta("  Night\u0000 Drive ", "The   Artist", null, null, 3, null, 2019);
        Candidate first = candidate(song, LENGTH, MBID, PUID, "spotify:4uLU6hMCjMI75M1A2tKUQC", meta, 7);
        Candidate second = candidate(song, LENGTH, MBID, null, null, sameMetaSpacedOut, 8);
        Candidate third = candidate(song, LENGTH, MBID, NIL, " spotify : 4uLU6hMCjMI75M1A2tKUQC ", null, 7);
        ImportPlan plan = planner.plan(List.of(first, second, third), List.of(Map.of(), Map.of(), Map.of()), List.of());

        NewTrack track = plan.newTracks().get(0);
        TrackLink.Meta normalized = new TrackLink.Meta(NormalizedMeta.of(meta));
        TrackLink.Foreign spotify = new TrackLink.Foreign(new ForeignId("spotify", "4uLU6hMCjMI75M1A2tKUQC"));
        assertThat(plan.links()).containsExactly(
                new LinkUpsert(new PlannedLink(track, new TrackLink.Mbid(MBID)), 3, first.submissionId()),
                new LinkUpsert(new PlannedLink(track, new TrackLink.Puid(PUID)), 1, first.submissionId()),
                new LinkUpsert(new PlannedLink(track, normalized), 2, first.submissionId()),
                new LinkUpsert(new PlannedLink(track, spotify), 2, first.submissionId()));
        assertThat(plan.linkSources()).extracting(LinkSource::submissionId).containsExactly(
                first.submissionId(), first.submissionId(), first.submissionId(), first.submissionId(),
                second.submissionId(), second.submissionId(), third.submissionId(), third.submissionId());
        assertThat(plan.linkSources()).extracting(LinkSource::source).containsExactly(source(7), source(7), source(7),
                source(7), source(8), source(8), source(7), source(7));
    }

    @Test
    void theSameMbidOnTwoTracksIsTwoLinksEachReportedByItsFirstSubmission() {
        Candidate onOne = candidate(song, LENGTH, MBID, null, null, null, 7);
        Candidate onOther = candidate(otherSong, LENGTH, MBID, null, null, null, 7);
        Candidate otherMbid = candidate(otherSong, LENGTH, OTHER_MBID, null, null, null, 7);
        ImportPlan plan = planner.plan(List.of(onOne, onOther, otherMbid), List.of(Map.of(), Map.of(), Map.of()), List.of());

        assertThat(plan.links()).extracting(LinkUpsert::submissions).containsExactly(1, 1, 1);
        assertThat(plan.links()).extracting(LinkUpsert::firstSubmissionId)
                .containsExactly(onOne.submissionId(), onOther.submissionId(), otherMbid.submissionId());
        assertThat(plan.links()).extracting(upsert -> upsert.link().track())
                .containsExactly(plan.newTracks().get(0), plan.newTracks().get(1), plan.newTracks().get(1));
    }

    @Test
    void nilIdsUnusableForeignIdsAndBlankMetadataAddNoLink() {
        Candidate submission = candidate(song, LENGTH, MBID, NIL, "spotify:", new SubmittedMeta(" \u0000 ", null, null,
                null, 0, -1, null), 7);
        ImportPlan plan = planner.plan(List.of(submission), List.of(Map.of()), List.of());

        assertThat(plan.links()).extracting(upsert -> upsert.link().value()).containsExactly(new TrackLink.Mbid(MBID));
        assertThat(plan.linkSources()).hasSize(1);
    }

    @Test
    void linksOfAMatchedSubmissionGoToTheStoredTrack() {
        ImportPlan plan = planner.plan(List.of(candidate(song, LENGTH, MBID, null, null, null, 7)), List.of(Map.of(10, 1f)),
                List.of(stored(10, 5, song, LENGTH)));

        assertThat(plan.links()).extracting(upsert -> upsert.link().track()).containsExactly(storedTrack(5));
    }

    // ---------------------------------------------------------------------------------------------

    private Candidate candidate(int[] hashes, int length) {
        return candidate(hashes, length, MBID, null, null, null, 7);
    }

    private Candidate candidate(int[] hashes, int length, UUID mbid, UUID puid, String foreignId, SubmittedMeta meta,
            int applicationId) {
        return Candidate.of(new SubmissionEvent(SubmissionEvent.SCHEMA_VERSION, nextSubmissionId++, hashes, length, 192,
                "MP3", mbid, puid, foreignId, meta, applicationId, "1.0", 42, Instant.EPOCH));
    }

    private static SourceKey source(int applicationId) {
        return new SourceKey(applicationId, 42, "1.0");
    }

    private static TrackFingerprint stored(int id, int trackId, int[] hashes, int length) {
        return new TrackFingerprint(id, trackId, trackGid(trackId), length, hashes);
    }

    private static StoredTrack storedTrack(int id) {
        return new StoredTrack(id, trackGid(id));
    }

    private static UUID trackGid(int trackId) {
        return new UUID(0x7AC, trackId);
    }

    /** Random items: unrelated fingerprints score near 0 against each other, as different recordings do. */
    private static int[] randomFingerprint(long seed) {
        Random random = new Random(seed);
        int[] hashes = new int[LENGTH * 8];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = random.nextInt();
        }
        return hashes;
    }

    private static float score(int[] stored, int[] submitted) {
        return new FingerprintComparator().compare2(stored, submitted, FingerprintComparator.ACOUSTID_MAX_OFFSET);
    }

    private static int[] withScoreBetween(int[] base, float low, float high) {
        Random random = new Random(11);
        for (double rate = 0.01; rate < 0.3; rate += 0.0025) {
            int[] candidate = base.clone();
            for (int i = 0; i < candidate.length; i++) {
                for (int bit = 0; bit < 32; bit++) {
                    if (random.nextDouble() < rate) {
                        candidate[i] ^= 1 << bit;
                    }
                }
            }
            float score = score(base, candidate);
            if (score > low && score < high) {
                return candidate;
            }
        }
        throw new AssertionError("no variant scoring between " + low + " and " + high);
    }
}
