package org.songprint.account.application;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import org.songprint.account.apikey.ApiKeyPublisher;
import org.songprint.account.session.WebSession;
import org.songprint.account.stats.ApplicationStats;

/**
 * The logged-in user's applications. Every operation on one application first checks that the
 * session's account owns it: someone else's application is a 403, a missing one a 404.
 */
@ApplicationScoped
public class ApplicationService {

    private final ApplicationRepository applications;
    private final ApplicationStats stats;
    private final ApiKeyPublisher keys;

    public ApplicationService(ApplicationRepository applications, ApplicationStats stats, ApiKeyPublisher keys) {
        this.applications = applications;
        this.stats = stats;
        this.keys = keys;
    }

    public record Details(Application application, ApplicationStats.Charts charts) {
    }

    public Uni<List<Application>> list(WebSession session) {
        return applications.listByAccount(session.accountId());
    }

    public Uni<Application> owned(WebSession session, int id) {
        return applications.find(id).map(found -> {
            Application application = found.orElseThrow(NotFoundException::new);
            if (application.accountId() != session.accountId()) {
                throw new ForbiddenException();
            }
            return application;
        });
    }

    public Uni<Details> details(WebSession session, int id) {
        return owned(session, id).flatMap(application -> stats.charts(id).map(charts -> new Details(application, charts)));
    }

    /** Creates the application (the form must be valid); answers its id. */
    public Uni<Integer> create(WebSession session, ApplicationForm form) {
        requireValid(form);
        return applications.insert(session.accountId(), form).invoke(keys::publishSoon);
    }

    public Uni<Void> update(WebSession session, int id, ApplicationForm form) {
        requireValid(form);
        return owned(session, id).flatMap(application -> applications.update(id, form));
    }

    public Uni<Void> setActive(WebSession session, int id, boolean active) {
        return owned(session, id).flatMap(application -> applications.setActive(id, active)).invoke(keys::publishSoon);
    }

    /** A new client key; the old one stops working across the suite within the key publish interval. */
    public Uni<String> regenerateApiKey(WebSession session, int id) {
        return owned(session, id).flatMap(application -> applications.regenerateApiKey(id)).invoke(keys::publishSoon);
    }

    private static void requireValid(ApplicationForm form) {
        if (!form.errors().isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", form.errors()));
        }
    }
}
