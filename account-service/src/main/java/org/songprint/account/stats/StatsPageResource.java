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

/** The public statistics page, at AcoustID's path: catalogue totals, lookups and submissions per day. */
@Path("/stats")
@Produces(Pages.HTML)
public class StatsPageResource {

    private final Template stats;
    private final WebSessions sessions;
    private final StatsPageService service;

    public StatsPageResource(@Location("stats.html") Template stats, WebSessions sessions, StatsPageService service) {
        this.stats = stats;
        this.sessions = sessions;
        this.service = service;
    }

    @GET
    public Uni<Response> stats(@CookieParam(WebSessions.COOKIE) String cookie) {
        return sessions.current(cookie).flatMap(session -> service.page()
                .map(page -> Pages.ok(stats.data("session", session.orElse(null)).data("page", page))));
    }
}
