package org.songprint.account.stats;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.songprint.account.session.WebSessions;
import org.songprint.account.web.Pages;

/** The public page of the accounts that submitted most in the last days (AcoustID's top contributors). */
@Path("/contributors")
@Produces(Pages.HTML)
public class ContributorsResource {

    private final Template contributors;
    private final WebSessions sessions;
    private final ContributorsService contributorsService;

    public ContributorsResource(@Location("contributors.html") Template contributors, WebSessions sessions,
            ContributorsService contributorsService) {
        this.contributors = contributors;
        this.sessions = sessions;
        this.contributorsService = contributorsService;
    }

    @GET
    public Uni<Response> contributors(@CookieParam(WebSessions.COOKIE) String cookie) {
        return sessions.current(cookie).flatMap(session -> contributorsService.top()
                .map(top -> Pages.ok(contributors.data("session", session.orElse(null)).data("top", top)
                        .data("days", contributorsService.days()))));
    }
}
