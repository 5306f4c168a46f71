package org.songprint.account.stats;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.songprint.common.event.SubmissionHeaders.Submitted;

/**
 * Counts accepted submissions per account: each submission id is recorded once
 * ({@code stats_submission_event}) in the transaction that adds it to {@code account.submission_count},
 * and {@code stats_top_accounts} is rebuilt from the recorded ids of the last days.
 */
@ApplicationScoped
public class SubmissionStatsRepository {

    private final Pool client;

    public SubmissionStatsRepository(Pool client) {
        this.client = client;
    }

    /** Applies the batch; answers how many of its submissions were new. */
    public Uni<Integer> apply(List<Submitted> events) {
        Map<Long, Submitted> unique = new LinkedHashMap<>();
        events.forEach(event -> unique.putIfAbsent(event.submissionId(), event));
        if (unique.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Long[] ids = new Long[unique.size()];
        Integer[] accounts = new Integer[unique.size()];
        OffsetDateTime[] submitted = new OffsetDateTime[unique.size()];
        int i = 0;
        for (Submitted event : unique.values()) {
            ids[i] = event.submissionId();
            accounts[i] = event.accountId();
            submitted[i] = event.created().atOffset(ZoneOffset.UTC);
            i++;
        }
        // one statement: the ids not seen before are recorded, their accounts' counts and the day's total raised
        return client.withTransaction(connection -> connection.preparedQuery("""
                WITH fresh AS (
                    INSERT INTO stats_submission_event (submission_id, account_id, submitted)
                    SELECT * FROM unnest($1::bigint[], $2::int[], $3::timestamptz[])
                    ON CONFLICT (submission_id) DO NOTHING
                    RETURNING account_id, submitted),
                per_account AS (SELECT account_id, count(*) AS n FROM fresh GROUP BY account_id),
                raised AS (
                    UPDATE account SET submission_count = account.submission_count + per_account.n
                    FROM per_account WHERE account.id = per_account.account_id),
                per_day AS ( -- AcoustID's daily total, for the /stats page
                    INSERT INTO stats (name, date, value)
                    SELECT 'submission.all', (submitted AT TIME ZONE 'UTC')::date, count(*) FROM fresh GROUP BY 2
                    ON CONFLICT (name, date) DO UPDATE SET value = stats.value + excluded.value)
                SELECT COALESCE(sum(n), 0)::int AS fresh FROM per_account""")
                .execute(Tuple.of(ids, accounts, submitted))
                .map(rows -> rows.iterator().next().getInteger("fresh")));
    }

    /** Rebuilds {@code stats_top_accounts}: submissions per existing account over {@code window}. */
    public Uni<Integer> rebuildTopAccounts(Duration window) {
        return client.withTransaction(connection -> connection.query("DELETE FROM stats_top_accounts").execute()
                .flatMap(deleted -> connection.preparedQuery("""
                        INSERT INTO stats_top_accounts (account_id, count)
                        SELECT e.account_id, count(*) FROM stats_submission_event e
                        JOIN account a ON a.id = e.account_id
                        WHERE e.submitted > now() - make_interval(secs => $1)
                        GROUP BY e.account_id""")
                        .execute(Tuple.of((double) window.toSeconds())))
                .map(rows -> rows.rowCount()));
    }

    /** The top contributors, most submissions first. */
    public Uni<List<TopContributor>> topContributors(int limit) {
        return client.preparedQuery("""
                SELECT a.id, a.name, t.count FROM stats_top_accounts t JOIN account a ON a.id = t.account_id
                ORDER BY t.count DESC, a.name, a.id LIMIT $1""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<TopContributor> top = new ArrayList<>();
                    for (Row row : rows) {
                        top.add(TopContributor.of(row.getInteger("id"), row.getString("name"), row.getInteger("count")));
                    }
                    return top;
                });
    }

    /** Forgets submission ids counted longer than {@code age} ago; answers how many. */
    public Uni<Integer> forgetEventsOlderThan(Duration age) {
        return client.preparedQuery("DELETE FROM stats_submission_event WHERE received < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) age.toSeconds()))
                .map(rows -> rows.rowCount());
    }
}
