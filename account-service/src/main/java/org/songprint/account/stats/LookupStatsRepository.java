package org.songprint.account.stats;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.songprint.common.event.LookupEvent;

/**
 * Adds a batch of lookup events to the statistics in one transaction: the events' ids first (those
 * already recorded are dropped, so redelivery counts nothing twice), then their tallies: hourly hits/misses per
 * application ({@code stats_lookups}), daily calls per application, user agent and IP
 * ({@code stats_user_agents}) and the daily totals ({@code stats}: {@code lookup.hit},
 * {@code lookup.miss}). Events of applications that no longer exist are skipped.
 */
@ApplicationScoped
public class LookupStatsRepository {

    private final Pool client;

    public LookupStatsRepository(Pool client) {
        this.client = client;
    }

    /** Applies the batch; answers how many of its events were new. */
    public Uni<Integer> apply(List<LookupEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return client.withTransaction(connection -> connection.preparedQuery("""
                INSERT INTO stats_lookup_event (event_id) SELECT unnest($1::uuid[])
                ON CONFLICT (event_id) DO NOTHING RETURNING event_id""")
                .execute(Tuple.of(events.stream().map(LookupEvent::eventId).distinct().toArray(UUID[]::new)))
                .flatMap(inserted -> {
                    Set<UUID> fresh = new HashSet<>();
                    for (Row row : inserted) {
                        fresh.add(row.getUUID("event_id"));
                    }
                    int freshEvents = fresh.size();
                    List<LookupEvent.Tally> counted = new ArrayList<>();
                    for (LookupEvent event : events) {
                        if (fresh.remove(event.eventId())) {
                            event.tallies().stream().filter(tally -> tally != null && tally.hour() != null).forEach(counted::add);
                        }
                    }
                    return add(connection, counted).replaceWith(freshEvents);
                }));
    }

    private static Uni<Void> add(SqlConnection connection, List<LookupEvent.Tally> tallies) {
        if (tallies.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<HourKey, int[]> hourly = new HashMap<>();
        Map<AgentKey, Integer> agents = new HashMap<>();
        Map<DayKey, Integer> totals = new HashMap<>();
        for (LookupEvent.Tally tally : tallies) {
            OffsetDateTime hour = tally.hour().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
            int[] counts = hourly.computeIfAbsent(new HourKey(hour, tally.applicationId()), key -> new int[2]);
            counts[0] += tally.hits();
            counts[1] += tally.misses();
            if (tally.ip() != null && !tally.ip().isBlank()) {
                agents.merge(new AgentKey(hour.toLocalDate(), tally.applicationId(),
                        tally.userAgent() == null ? "" : tally.userAgent(), tally.ip()), tally.hits() + tally.misses(), Integer::sum);
            }
            if (tally.hits() > 0) {
                totals.merge(new DayKey("lookup.hit", hour.toLocalDate()), tally.hits(), Integer::sum);
            }
            if (tally.misses() > 0) {
                totals.merge(new DayKey("lookup.miss", hour.toLocalDate()), tally.misses(), Integer::sum);
            }
        }
        List<Tuple> hourRows = new ArrayList<>();
        hourly.forEach((key, counts) -> hourRows.add(Tuple.of(key.hour(), key.applicationId(), counts[0], counts[1])));
        List<Tuple> agentRows = new ArrayList<>();
        agents.forEach((key, count) -> agentRows.add(Tuple.of(key.date(), key.applicationId(), key.userAgent(), key.ip(), count)));
        List<Tuple> totalRows = new ArrayList<>();
        totals.forEach((key, count) -> totalRows.add(Tuple.of(key.name(), key.date(), count)));
        return connection.preparedQuery("""
                INSERT INTO stats_lookups (hour, application_id, count_hits, count_misses)
                SELECT $1::timestamptz, $2::int, $3::int, $4::int WHERE EXISTS (SELECT 1 FROM application WHERE id = $2::int)
                ON CONFLICT (hour, application_id) DO UPDATE SET
                    count_hits = stats_lookups.count_hits + excluded.count_hits,
                    count_misses = stats_lookups.count_misses + excluded.count_misses""")
                .executeBatch(hourRows)
                .flatMap(done -> agentRows.isEmpty() ? Uni.createFrom().voidItem() : connection.preparedQuery("""
                        INSERT INTO stats_user_agents (date, application_id, user_agent, ip, count)
                        SELECT $1::date, $2::int, $3::text, CAST($4::text AS inet), $5::int
                        WHERE EXISTS (SELECT 1 FROM application WHERE id = $2::int) AND $4::text ~ '^[0-9a-fA-F:.]+$'
                        ON CONFLICT (date, application_id, user_agent, ip) DO UPDATE SET
                            count = stats_user_agents.count + excluded.count""")
                        .executeBatch(agentRows).replaceWithVoid())
                .flatMap(done -> connection.preparedQuery("""
                        INSERT INTO stats (name, date, value) VALUES ($1, $2, $3)
                        ON CONFLICT (name, date) DO UPDATE SET value = stats.value + excluded.value""")
                        .executeBatch(totalRows).replaceWithVoid());
    }

    /** Forgets event ids older than {@code age}; answers how many. */
    public Uni<Integer> forgetEventsOlderThan(Duration age) {
        return client.preparedQuery("DELETE FROM stats_lookup_event WHERE received < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) age.toSeconds()))
                .map(rows -> rows.rowCount());
    }

    private record HourKey(OffsetDateTime hour, int applicationId) {
    }

    private record AgentKey(LocalDate date, int applicationId, String userAgent, String ip) {
    }

    private record DayKey(String name, LocalDate date) {
    }
}
