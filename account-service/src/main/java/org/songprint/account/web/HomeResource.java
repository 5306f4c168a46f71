package org.songprint.account.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.songprint.account.session.WebSessions;

/** The front page of the public base URL. */
@Path("/")
@Produces(Pages.HTML)
public class HomeResource {

    private final Template home;
    private final WebSessions sessions;

    public HomeResource(@Location("home.html") Template home, WebSessions sessions) {
        this.home = home;
        this.sessions = sessions;
    }

    @GET
    public Uni<Response> home(@CookieParam(WebSessions.COOKIE) String cookie) {
        return sessions.current(cookie).map(session -> Pages.ok(home.data("session", session.orElse(null))));
    }
}
