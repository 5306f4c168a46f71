package org.songprint.account.account;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.songprint.account.login.LoginService;
import org.songprint.account.session.WebSessions;
import org.songprint.account.web.Pages;

/** The logged-in user's profile: user API key (show, copy, regenerate) and linked logins. */
@Path("/account")
@Produces(Pages.HTML)
public class ProfileResource {

    private final Template profile;
    private final WebSessions sessions;
    private final AccountService accounts;
    private final LoginService logins;

    public ProfileResource(@Location("profile.html") Template profile, WebSessions sessions, AccountService accounts,
            LoginService logins) {
        this.profile = profile;
        this.sessions = sessions;
        this.accounts = accounts;
        this.logins = logins;
    }

    @GET
    public Uni<Response> show(@CookieParam(WebSessions.COOKIE) String cookie, @QueryParam("regenerated") String regenerated) {
        return sessions.require(cookie).flatMap(session -> accounts.profile(session)
                .map(view -> Pages.ok(profile.data("session", session).data("account", view.account())
                        .data("logins", view.logins()).data("providers", logins.offered())
                        .data("regenerated", regenerated != null))));
    }

    @POST
    @Path("apikey")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> regenerateApiKey(@CookieParam(WebSessions.COOKIE) String cookie,
            @RestForm(WebSessions.CSRF_FIELD) String csrf) {
        return sessions.requireForm(cookie, csrf).flatMap(accounts::regenerateApiKey)
                .map(key -> Pages.seeOther("/account?regenerated=1"));
    }
}
