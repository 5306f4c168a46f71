package org.songprint.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.songprint.common.event.EventProducers;
import org.songprint.common.event.MbidLinkEvent;
import org.songprint.common.metadata.v1.ArtistCredit;
import org.songprint.common.metadata.v1.GetRecordingsRequest;
import org.songprint.common.metadata.v1.GetRecordingsResponse;
import org.songprint.common.metadata.v1.Include;
import org.songprint.common.metadata.v1.MetadataServiceGrpc;
import org.songprint.common.metadata.v1.Recording;
import org.songprint.common.metadata.v1.Release;
import org.songprint.metadata.prefetch.MbidLinkPrefetch;
import org.songprint.metadata.prefetch.PrefetchConfig;
import org.songprint.metadata.provider.ProviderThrottle;
import org.songprint.metadata.provider.ProviderThrottleTest;
import org.songprint.metadata.recording.RecordingService;
import org.songprint.testsupport.LocalInfra;

/**
 * The real gRPC service, cache and MusicBrainz client against a local stub serving recorded ws/2
 * documents: first request from the provider, second from the database; 404s remembered in Redis;
 * 301s re-point the MBID; 503s retried; one provider call for concurrent misses; deadlines kept.
 */
@QuarkusTest
@QuarkusTestResource(MusicBrainzStub.class)
class GetRecordingsTest {

    private static final String PRETTY_THINGS = "0f42ab32-22cd-4dcf-927b-a8d9a183d68b";
    private static final String SUMMER = "162630d9-36d2-4a8d-ade1-1c77440b34e7";

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool database;

    @Inject
    RedisDataSource redis;

    @Inject
    ReactiveRedisDataSource reactiveRedis;

    @Inject
    RecordingService recordingService;

    private ManagedChannel channel;
    private MetadataServiceGrpc.MetadataServiceBlockingStub client;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(base.getHost(), base.getPort()).usePlaintext().build();
        client = MetadataServiceGrpc.newBlockingStub(channel);
        MusicBrainzStub.delayMillis = 0;
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private GetRecordingsResponse get(List<String> mbids, Include... includes) {
        return client.withDeadlineAfter(10, TimeUnit.SECONDS).getRecordings(GetRecordingsRequest.newBuilder()
                .addAllMbids(mbids).addAllIncludes(List.of(includes)).build());
    }

    @Test
    void fetchesFromTheProviderOnceThenAnswersFromTheDatabase() {
        // other tests redirect to this recording, so it may be cached already: at most one request
        int before = MusicBrainzStub.requests(PRETTY_THINGS);
        GetRecordingsResponse first = get(List.of(PRETTY_THINGS), Include.INCLUDE_RELEASE_GROUPS, Include.INCLUDE_TRACKS,
                Include.INCLUDE_ISRCS);
        int afterFirst = MusicBrainzStub.requests(PRETTY_THINGS);
        assertThat(afterFirst - before).isLessThanOrEqualTo(1);
        assertThat(afterFirst).isGreaterThanOrEqualTo(1);
        assertThat(MusicBrainzStub.USER_AGENTS.get(PRETTY_THINGS)).startsWith("Songprint/").contains("( ");

        Recording recording = first.getRecordings(0);
        assertThat(recording.getId()).isEqualTo(PRETTY_THINGS);
        assertThat(recording.getTitle()).isEqualTo("Pretty Things");
        assertThat(recording.getLengthMs()).isEqualTo(248000);
        assertThat(recording.getIsrcsList()).containsExactly("GBAHS0800123", "USAT20800321");
        assertThat(recording.getArtistsList()).extracting(ArtistCredit::getName, ArtistCredit::getJoinPhrase)
                .containsExactly(tuple("Ada Hill", " feat. "),
                        tuple("The Lanterns", ""));
        assertThat(recording.getReleasesList()).hasSize(2);
        Release compilation = recording.getReleasesList().stream()
                .filter(release -> release.getTitle().equals("Songs for the Night Bus")).findFirst().orElseThrow();
        assertThat(compilation.getReleaseGroup().getPrimaryType()).isEqualTo("Album");
        assertThat(compilation.getReleaseGroup().getSecondaryTypesList()).containsExactly("Compilation");
        assertThat(compilation.getArtists(0).getName()).isEqualTo("Various Artists");
        assertThat(compilation.getEvents(0).getCountry()).isEqualTo("XE");
        assertThat(compilation.getEvents(0).getDate().getYear()).isEqualTo(2010);
        assertThat(compilation.getEvents(0).getDate().getMonth()).isEqualTo(11);
        assertThat(compilation.getEvents(0).getDate().getDay()).isZero();
        assertThat(compilation.getMediums(0).getPosition()).isEqualTo(2);
        assertThat(compilation.getMediums(0).getFormat()).isEqualTo("Digital Media");
        assertThat(compilation.getMediums(0).getTrackCount()).isEqualTo(14);
        assertThat(compilation.getMediums(0).getTracks(0).getTitle()).isEqualTo("Pretty Things (radio edit)");
        assertThat(compilation.getMediums(0).getTracks(0).getPosition()).isEqualTo(7);

        GetRecordingsResponse second = get(List.of(PRETTY_THINGS), Include.INCLUDE_RELEASE_GROUPS, Include.INCLUDE_TRACKS,
                Include.INCLUDE_ISRCS);
        assertThat(MusicBrainzStub.requests(PRETTY_THINGS)).as("second answer comes from the database").isEqualTo(afterFirst);
        assertThat(second.getRecordings(0)).isEqualTo(recording);

        Recording bare = get(List.of(PRETTY_THINGS)).getRecordings(0);
        assertThat(bare.getReleasesList()).as("releases only when asked for").isEmpty();
        assertThat(bare.getIsrcsList()).isEmpty();
        assertThat(bare.getArtistsCount()).isEqualTo(2);
    }

    @Test
    void unknownMbidsAreRememberedInRedisForAnHour() {
        String unknown = UUID.randomUUID().toString();
        GetRecordingsResponse response = get(List.of(unknown));
        assertThat(response.getRecordingsList()).isEmpty();
        assertThat(response.getUnknownMbidsList()).containsExactly(unknown);
        assertThat(redis.key().ttl("unknown_mbid:" + unknown)).isBetween(3500L, 3600L);

        assertThat(get(List.of(unknown)).getUnknownMbidsList()).containsExactly(unknown);
        assertThat(MusicBrainzStub.requests(unknown)).as("not asked again within the hour").isEqualTo(1);
    }

    @Test
    void aRedirectRePointsTheMbidToTheCanonicalRecording() {
        String merged = UUID.randomUUID().toString();
        MusicBrainzStub.REDIRECTS.put(merged, SUMMER);
        Recording recording = get(List.of(merged), Include.INCLUDE_RELEASES).getRecordings(0);
        assertThat(recording.getRequestedMbid()).isEqualTo(merged);
        assertThat(recording.getId()).isEqualTo(SUMMER);
        assertThat(recording.getTitle()).isEqualTo("サマーれげぇ!レインボー");
        assertThat(recording.getReleases(0).getEvents(0).getCountry()).isEqualTo("JP");

        var alias = database.preparedQuery("SELECT canonical_mbid, entity_type FROM mbid_alias WHERE mbid = $1")
                .execute(Tuple.of(UUID.fromString(merged))).await().indefinitely();
        assertThat(alias.size()).isEqualTo(1);
        assertThat(alias.iterator().next().getUUID("canonical_mbid")).isEqualTo(UUID.fromString(SUMMER));

        int before = MusicBrainzStub.requests(merged);
        assertThat(get(List.of(merged)).getRecordings(0).getId()).isEqualTo(SUMMER);
        assertThat(MusicBrainzStub.requests(merged)).as("the alias answers from the cache").isEqualTo(before);
    }

    @Test
    void throttledRequestsAreRetriedWithBackOff() {
        String mbid = UUID.randomUUID().toString();
        MusicBrainzStub.REDIRECTS.put(mbid, PRETTY_THINGS);
        MusicBrainzStub.THROTTLED.put(mbid, new AtomicInteger(2));
        GetRecordingsResponse response = get(List.of(mbid));
        assertThat(response.getRecordingsList()).extracting(Recording::getId).containsExactly(PRETTY_THINGS);
        assertThat(MusicBrainzStub.requests(mbid)).as("two 503s, then the redirect").isEqualTo(3);
    }

    @Test
    void afterAFailedFetchCallersAreToldAtOnceInsteadOfWaiting() {
        String mbid = UUID.randomUUID().toString();
        MusicBrainzStub.THROTTLED.put(mbid, new AtomicInteger(1000));
        assertThat(get(List.of(mbid)).getUnavailableMbidsList()).containsExactly(mbid);
        assertThat(MusicBrainzStub.requests(mbid)).as("one request and three retries").isEqualTo(4);

        long start = System.nanoTime();
        GetRecordingsResponse again = get(List.of(mbid));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(300);
        assertThat(again.getUnavailableMbidsList()).containsExactly(mbid);
        assertThat(MusicBrainzStub.requests(mbid)).as("no new provider call right after a failure").isEqualTo(4);
    }

    @Test
    void concurrentRequestsForOneMissingMbidMakeOneProviderCall() throws Exception {
        String unknown = UUID.randomUUID().toString();
        MusicBrainzStub.delayMillis = 300;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<GetRecordingsResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> get(List.of(unknown))));
            }
            for (Future<GetRecordingsResponse> call : calls) {
                assertThat(call.get().getUnknownMbidsList()).containsExactly(unknown);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(MusicBrainzStub.requests(unknown)).isEqualTo(1);
    }

    @Test
    void theCallersDeadlineBoundsTheWaitAndTheFetchStillLandsInTheCache() throws Exception {
        get(List.of(PRETTY_THINGS)); // cached before the provider turns slow
        String slow = UUID.randomUUID().toString();
        MusicBrainzStub.REDIRECTS.put(slow, SUMMER);
        MusicBrainzStub.delayMillis = 1500;
        long start = System.nanoTime();
        GetRecordingsResponse response = client.withDeadlineAfter(500, TimeUnit.MILLISECONDS).getRecordings(
                GetRecordingsRequest.newBuilder().addMbids(slow).addMbids(PRETTY_THINGS).build());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isLessThan(500);
        assertThat(response.getUnavailableMbidsList()).containsExactly(slow);
        MusicBrainzStub.delayMillis = 0;
        long deadline = System.currentTimeMillis() + 10_000;
        while (get(List.of(slow)).getRecordingsCount() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(get(List.of(slow)).getRecordings(0).getId()).isEqualTo(SUMMER);
        assertThat(MusicBrainzStub.requests(slow)).isEqualTo(1);
    }

    @Test
    void newlyLinkedMbidsArePrefetchedFromTheMbidLinksTopic() throws Exception {
        String linked = UUID.randomUUID().toString();
        MusicBrainzStub.REDIRECTS.put(linked, PRETTY_THINGS);
        MbidLinkEvent event = new MbidLinkEvent(
                MbidLinkEvent.SCHEMA_VERSION, UUID.fromString(linked), 1L, UUID.randomUUID(),
                Instant.now());
        try (var producer = EventProducers.reliable(
                LocalInfra.kafkaBootstrap(), "test-mbid-links")) {
            // sent again until it lands (the consumer may still be joining its group, reading from the
            // latest offset); every extra delivery must find the recording cached and fetch nothing
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && !aliased(linked)) {
                producer.send(new ProducerRecord<>("test.mbid-links", linked, event))
                        .get(10, TimeUnit.SECONDS);
                long wait = System.currentTimeMillis() + 3_000;
                while (System.currentTimeMillis() < wait && !aliased(linked)) {
                    Thread.sleep(100);
                }
            }
            producer.send(new ProducerRecord<>("test.mbid-links", linked, event))
                    .get(10, TimeUnit.SECONDS);
        }
        Thread.sleep(1000);
        assertThat(aliased(linked)).isTrue();
        assertThat(MusicBrainzStub.requests(linked)).as("fetched once, before anyone asked").isEqualTo(1);
        assertThat(get(List.of(linked)).getRecordings(0).getId()).isEqualTo(PRETTY_THINGS);
        assertThat(MusicBrainzStub.requests(linked)).isEqualTo(1);
    }

    @Test
    void linksAreNotPrefetchedWhileTheProviderQueueIsLong() throws Exception {
        // a provider queue of several seconds, as a burst of submissions at MusicBrainz's 1/s leaves
        var config = ProviderThrottleTest.config(UUID.randomUUID().toString(), 1.0,
                Duration.ofSeconds(20));
        var throttle = new ProviderThrottle(reactiveRedis, config);
        for (int i = 0; i < 5; i++) {
            throttle.acquire().subscribe().with(ok -> { }, failure -> { });
        }
        ProviderThrottleTest.awaitQueued(throttle, Duration.ofSeconds(3));
        var metrics = new SimpleMeterRegistry();
        var prefetch = new MbidLinkPrefetch(recordingService, throttle, metrics,
                prefetchConfig(Duration.ofSeconds(2), Duration.ZERO));
        String linked = UUID.randomUUID().toString();
        MusicBrainzStub.REDIRECTS.put(linked, PRETTY_THINGS);
        prefetch.onLink(new MbidLinkEvent(MbidLinkEvent.SCHEMA_VERSION,
                UUID.fromString(linked), 1L, UUID.randomUUID(), Instant.now()))
                .await().atMost(Duration.ofSeconds(1));
        assertThat(metrics.counter("songprint.metadata.prefetch.skipped").count()).isEqualTo(1.0);
        Thread.sleep(500);
        assertThat(MusicBrainzStub.requests(linked)).as("nothing fetched for a skipped link").isZero();
        assertThat(aliased(linked)).isFalse();
        // a lookup still gets it: skipping only defers the fetch to the first caller
        assertThat(get(List.of(linked)).getRecordings(0).getId()).isEqualTo(PRETTY_THINGS);
    }

    @Test
    void linksAreNotPrefetchedForAWhileAfterAFetchFailed() throws Exception {
        String failing = UUID.randomUUID().toString();
        MusicBrainzStub.THROTTLED.put(failing, new AtomicInteger(1000));
        assertThat(get(List.of(failing)).getUnavailableMbidsList()).containsExactly(failing);
        var metrics = new SimpleMeterRegistry();
        var idleThrottle = new ProviderThrottle(reactiveRedis,
                ProviderThrottleTest.config(UUID.randomUUID().toString(), 50.0, Duration.ofSeconds(20)));
        var paused = new MbidLinkPrefetch(recordingService, idleThrottle, metrics,
                prefetchConfig(Duration.ofSeconds(2), Duration.ofSeconds(30)));
        String linked = UUID.randomUUID().toString();
        MusicBrainzStub.REDIRECTS.put(linked, PRETTY_THINGS);
        paused.onLink(new MbidLinkEvent(MbidLinkEvent.SCHEMA_VERSION, UUID.fromString(linked), 1L, UUID.randomUUID(),
                Instant.now())).await().atMost(Duration.ofSeconds(1));
        assertThat(metrics.counter("songprint.metadata.prefetch.skipped").count()).isEqualTo(1.0);
        assertThat(MusicBrainzStub.requests(linked)).as("nothing fetched for a skipped link").isZero();
        // without the pause, the same link is prefetched
        var eager = new MbidLinkPrefetch(recordingService, idleThrottle, metrics,
                prefetchConfig(Duration.ofSeconds(2), Duration.ZERO));
        eager.onLink(new MbidLinkEvent(MbidLinkEvent.SCHEMA_VERSION, UUID.fromString(linked), 1L, UUID.randomUUID(),
                Instant.now())).await().atMost(Duration.ofSeconds(10));
        assertThat(MusicBrainzStub.requests(linked)).isEqualTo(1);
        // a fetch outlasting the prefetch's budget is stored after onLink answers: wait for the row
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && !aliased(linked)) {
            Thread.sleep(50);
        }
        assertThat(aliased(linked)).isTrue();
    }

    private boolean aliased(String mbid) {
        return database.preparedQuery("SELECT 1 FROM mbid_alias WHERE mbid = $1")
                .execute(Tuple.of(UUID.fromString(mbid))).await().indefinitely().size() > 0;
    }

    @Test
    void malformedMbidsAreRejected() {
        assertThatThrownBy(() -> get(List.of("not-an-mbid")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    private static PrefetchConfig prefetchConfig(Duration maxProviderQueue, Duration pauseAfterFailure) {
        return new PrefetchConfig() {
            @Override
            public Duration maxProviderQueue() {
                return maxProviderQueue;
            }

            @Override
            public Duration pauseAfterFailure() {
                return pauseAfterFailure;
            }
        };
    }
}
