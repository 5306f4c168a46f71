package org.songprint.fingerprint.metadata;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.songprint.common.metadata.v1.ArtistCredit;
import org.songprint.common.metadata.v1.GetRecordingsRequest;
import org.songprint.common.metadata.v1.GetRecordingsResponse;
import org.songprint.common.metadata.v1.Include;
import org.songprint.common.metadata.v1.MetadataServiceGrpc;
import org.songprint.common.metadata.v1.Recording;

/**
 * A stand-in metadata-service on a dynamic port: every requested MBID is a recording titled after
 * it, with two ISRCs only when {@code INCLUDE_ISRCS} is asked for (as metadata-service trims them),
 * except MBIDs starting {@link #UNKNOWN_PREFIX}, which MusicBrainz does not know.
 * The requests it received are kept for the test to inspect.
 */
public class StubMetadataService implements QuarkusTestResourceLifecycleManager {

    public static final List<String> ISRCS = List.of("GBAHS0800123", "USRC10800456");
    public static final ArtistCredit ARTIST = ArtistCredit.newBuilder().setId("6b1b7e6c-2a0e-4b4e-9a53-0f1d8a7e2c11")
            .setName("Ada Hill").build();
    public static final String UNKNOWN_PREFIX = "00000000-";
    public static final List<GetRecordingsRequest> REQUESTS = new CopyOnWriteArrayList<>();

    private Server server;

    @Override
    public Map<String, String> start() {
        try {
            // bound from an AsyncService, not a BindableService class, so Quarkus does not take the stand-in
            // for a service of its own and start a gRPC server in every test
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(MetadataServiceGrpc.bindService(new Service())).build().start();
        } catch (IOException e) {
            throw new IllegalStateException("the stand-in metadata-service did not start", e);
        }
        String port = Integer.toString(server.getPort());
        // in tests Quarkus dials a client's test-port, not its port
        return Map.of("quarkus.grpc.clients.metadata.host", "127.0.0.1", "quarkus.grpc.clients.metadata.port", port,
                "quarkus.grpc.clients.metadata.test-port", port);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    public static String title(String mbid) {
        return "Recording " + mbid.substring(0, 8);
    }

    private static final class Service implements MetadataServiceGrpc.AsyncService {
        @Override
        public void getRecordings(GetRecordingsRequest request, StreamObserver<GetRecordingsResponse> response) {
            // kept for the tests' few requests; a benchmark's thousands are not
            if (REQUESTS.size() < 100) {
                REQUESTS.add(request);
            }
            GetRecordingsResponse.Builder out = GetRecordingsResponse.newBuilder();
            for (String mbid : request.getMbidsList()) {
                if (mbid.startsWith(UNKNOWN_PREFIX)) {
                    continue;
                }
                Recording.Builder recording = Recording.newBuilder().setRequestedMbid(mbid).setId(mbid).setTitle(title(mbid))
                        .setLengthMs(201_000).addArtists(ARTIST);
                if (request.getIncludesList().contains(Include.INCLUDE_ISRCS)) {
                    recording.addAllIsrcs(ISRCS);
                }
                out.addRecordings(recording);
            }
            response.onNext(out.build());
            response.onCompleted();
        }
    }
}
