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

/** The logged-in user's profile: user API key (show, copy, regenerate) and linked logins (list, unlink). */
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
    public Uni<Response> show(@CookieParam(WebSessions.COOKIE) String cookie, @QueryParam("regenerated") String regenerated,
            @QueryParam("linked") String linked, @QueryParam("unlinked") String unlinked) {
        return sessions.require(cookie).flatMap(session -> accounts.account(session)
                .flatMap(account -> logins.linkedIdentities(session.accountId())
                        .map(identities -> Pages.ok(profile.data("session", session).data("account", account)
                                .data("logins", identities).data("providers", logins.offered())
                                .data("regenerated", regenerated != null).data("linked", linked != null)
                                .data("unlinked", unlinked != null)))));
    }

    /** Removes one linked login (never the last one: refused with 409). */
    @POST
    @Path("logins/unlink")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> unlink(@CookieParam(WebSessions.COOKIE) String cookie, @RestForm(WebSessions.CSRF_FIELD) String csrf,
            @RestForm("kind") String kind, @RestForm("key") String key) {
        return sessions.requireForm(cookie, csrf).flatMap(session -> logins.unlink(session, cookie, kind, key))
                .replaceWith(Pages.seeOther("/account?unlinked=1"));
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
