package org.songprint.account.stats;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The public list of the accounts that submitted most in the last days. */
@ApplicationScoped
public class ContributorsService {

    /** As many as a page shows. */
    static final int SHOWN = 100;

    private final SubmissionStatsRepository repository;

    public ContributorsService(SubmissionStatsRepository repository) {
        this.repository = repository;
    }

    public Uni<List<TopContributor>> top() {
        return repository.topContributors(SHOWN);
    }

    /** How many days the list covers. */
    public long days() {
        return SubmissionStatsConsumer.TOP_ACCOUNTS_WINDOW.toDays();
    }
}
