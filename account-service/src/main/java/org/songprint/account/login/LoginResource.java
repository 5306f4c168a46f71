package org.songprint.account.login;

import io.quarkus.oidc.IdToken;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.songprint.account.session.WebSessions;
import org.songprint.account.web.Pages;

/**
 * Logging in and out, and linking a second login. {@code /login/<provider>} is protected by the
 * quarkus-oidc tenant of that name: an anonymous visit goes through the provider's code flow (PKCE)
 * and comes back here with an ID token. Without a Songprint session the identity logs in (a session
 * of its own); with one, a new identity is only shown for confirmation, and {@code POST /login/link}
 * (with the CSRF token) links it. Whatever the outcome — logged in, confirmation page, refused,
 * failed — the tenant's own OIDC session cookie is dropped, so nothing is left in the browser that
 * would log the next person at it in without a password.
 */
@Path("/")
@Produces(Pages.HTML)
public class LoginResource {

    private static final Logger LOG = Logger.getLogger(LoginResource.class);

    private final Template login;
    private final Template link;
    private final Template logout;
    private final LoginService service;
    private final WebSessions sessions;

    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    OidcSession oidcSession;

    public LoginResource(@Location("login.html") Template login, @Location("link.html") Template link,
            @Location("logout.html") Template logout, LoginService service, WebSessions sessions) {
        this.login = login;
        this.link = link;
        this.logout = logout;
        this.service = service;
        this.sessions = sessions;
    }

    @GET
    @Path("login")
    public Uni<Response> page(@CookieParam(WebSessions.COOKIE) String cookie, @QueryParam("return") String returnTo,
            @Context UriInfo uri) {
        Optional<String> back = ReturnPath.of(returnTo);
        return sessions.current(cookie).map(session -> {
            List<LoginProviders.Offered> offered = service.offered();
            // nothing to choose: straight to the only provider (logged in, the page explains linking instead)
            Response.ResponseBuilder page = session.isEmpty() && offered.size() == 1
                    ? Response.seeOther(URI.create("/login/" + offered.get(0).name()))
                    : Response.ok(login.data("session", session.orElse(null)).data("providers", offered).render(), Pages.HTML);
            // the page that sent here, for after the provider's round trip
            back.ifPresent(path -> page.cookie(ReturnPath.remember(path, Pages.https(uri))));
            return page.build();
        });
    }

    @GET
    @Path("login/{provider}")
    @Authenticated
    public Uni<Response> loggedIn(@PathParam("provider") String provider, @CookieParam(WebSessions.COOKIE) String cookie,
            @CookieParam(ReturnPath.COOKIE) String returnTo, @Context UriInfo uri) {
        // deferred, so that even a failure before the first database call ends the provider's session
        return Uni.createFrom().deferred(() -> {
            LoginProviders.Kind kind = service.kind(provider).orElseThrow(NotFoundException::new);
            LoginIdentity identity = identity(provider, kind, idToken);
            boolean https = Pages.https(uri);
            return sessions.current(cookie).flatMap(current -> current.isEmpty()
                    ? service.logIn(identity).flatMap(account -> sessions.start(account, provider, https))
                            .map(started -> Pages.seeOther(ReturnPath.of(returnTo).orElse(ReturnPath.DEFAULT), started,
                                    ReturnPath.forget(https)))
                    : service.offerLink(identity, current.get(), sessions.key(cookie))
                            .map(offer -> offer.map(pending -> Pages.ok(link.data("session", current.get())
                                    .data("link", pending))).orElseGet(() -> Pages.seeOther("/account"))));
        }).onFailure(LoginResource::unexpected).transform(failure -> {
            LOG.errorf(failure, "a %s login failed", provider);
            return new LoginFailedException(failure);
        }).onTermination().call(this::endProviderSession);
    }

    @POST
    @Path("login/link")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> confirmLink(@CookieParam(WebSessions.COOKIE) String cookie,
            @RestForm(WebSessions.CSRF_FIELD) String csrf, @RestForm("link") String nonce,
            @RestForm("decision") String decision) {
        return sessions.requireForm(cookie, csrf).flatMap(session -> "cancel".equals(decision)
                ? service.cancelLink(sessions.key(cookie)).replaceWith(Pages.seeOther("/account"))
                : service.confirmLink(session, sessions.key(cookie), nonce).replaceWith(Pages.seeOther("/account?linked=1")));
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> logout(@CookieParam(WebSessions.COOKIE) String cookie, @RestForm(WebSessions.CSRF_FIELD) String csrf,
            @Context UriInfo uri) {
        return sessions.requireForm(cookie, csrf)
                .flatMap(session -> sessions.end(cookie, Pages.https(uri)))
                .map(expired -> Pages.seeOther("/", expired));
    }

    /** A logout is a form post (a link could log people out from other sites); a visit here asks for it. */
    @GET
    @Path("logout")
    public Uni<Response> logoutPage(@CookieParam(WebSessions.COOKIE) String cookie) {
        return sessions.current(cookie).map(session -> session
                .map(current -> Pages.ok(logout.data("session", current)))
                .orElseGet(() -> Pages.seeOther("/")));
    }

    /** Drops the tenant's session cookie (all its chunks); a failure here must not hide the login's own outcome. */
    private Uni<Void> endProviderSession() {
        return oidcSession.logout().onFailure().recoverWithUni(failure -> {
            LOG.warnf(failure, "could not drop the login provider's session cookie");
            return Uni.createFrom().voidItem();
        });
    }

    /** Failures that already answer the browser properly (a refusal); anything else is ours. */
    private static boolean unexpected(Throwable failure) {
        return !(failure instanceof WebApplicationException || failure instanceof LoginConflictException);
    }

    private static LoginIdentity identity(String provider, LoginProviders.Kind kind, JsonWebToken token) {
        String name = claim(token, "name");
        return new LoginIdentity(provider, kind, token.getIssuer(), token.getSubject(),
                name != null ? name : claim(token, "preferred_username"), claim(token, "email"));
    }

    private static String claim(JsonWebToken token, String claim) {
        Object value = token.getClaim(claim);
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        String text = value.toString().strip();
        return text.length() > 255 ? text.substring(0, 255) : text;
    }
}
