package org.songprint.metadata.recording;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * MBIDs the provider answered 404 for, in Redis ({@code unknown_mbid:<mbid>}) for a while (an
 * hour by default), so no replica asks the provider about them again within that time. Without
 * Redis nothing is remembered: the provider is asked again, within its rate.
 */
@ApplicationScoped
public class UnknownMbids {

    private static final Logger LOG = Logger.getLogger(UnknownMbids.class);

    private final ReactiveRedisDataSource redis;
    private final CacheConfig config;

    public UnknownMbids(ReactiveRedisDataSource redis, CacheConfig config) {
        this.redis = redis;
        this.config = config;
    }

    static String key(UUID mbid) {
        return "unknown_mbid:" + mbid;
    }

    /** Which of these MBIDs are known to be unknown. */
    public Uni<Set<UUID>> known(List<UUID> mbids) {
        if (mbids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<String> args = new ArrayList<>(mbids.size());
        mbids.forEach(mbid -> args.add(key(mbid)));
        return redis.execute("MGET", args.toArray(String[]::new))
                .map(response -> {
                    Set<UUID> unknown = new HashSet<>();
                    for (int i = 0; i < mbids.size(); i++) {
                        if (response.get(i) != null) {
                            unknown.add(mbids.get(i));
                        }
                    }
                    return unknown;
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Redis unreachable for the unknown-MBID cache: %s", failure.getMessage());
                    return Set.of();
                });
    }

    public Uni<Void> remember(UUID mbid) {
        return redis.execute("SET", key(mbid), "1", "EX", Long.toString(config.unknownTtl().toSeconds()))
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Redis unreachable, unknown MBID %s not remembered: %s", mbid, failure.getMessage());
                    return null;
                });
    }
}
