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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestForm;
import org.songprint.account.session.WebSessions;
import org.songprint.account.web.Pages;

/**
 * Logging in and out. {@code /login/<provider>} is protected by the quarkus-oidc tenant of that
 * name: an anonymous visit goes through the provider's code flow (PKCE) and comes back here with an
 * ID token. The identity then gets a Songprint session of its own, and the tenant's short-lived
 * OIDC session cookie is dropped, so logging out of Songprint leaves nothing behind to log back in with.
 */
@Path("/")
@Produces(Pages.HTML)
public class LoginResource {

    private final Template login;
    private final LoginService service;
    private final WebSessions sessions;

    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    OidcSession oidcSession;

    public LoginResource(@Location("login.html") Template login, LoginService service, WebSessions sessions) {
        this.login = login;
        this.service = service;
        this.sessions = sessions;
    }

    @GET
    @Path("login")
    public Uni<Response> page(@CookieParam(WebSessions.COOKIE) String cookie) {
        return sessions.current(cookie).map(session -> Pages.ok(login.data("session", session.orElse(null))
                .data("providers", service.offered())));
    }

    @GET
    @Path("login/{provider}")
    @Authenticated
    public Uni<Response> loggedIn(@PathParam("provider") String provider, @CookieParam(WebSessions.COOKIE) String cookie,
            @Context UriInfo uri) {
        LoginProviders.Kind kind = service.kind(provider).orElseThrow(NotFoundException::new);
        LoginIdentity identity = new LoginIdentity(provider, kind, idToken.getIssuer(), idToken.getSubject(),
                displayName(idToken));
        boolean https = Pages.https(uri);
        return sessions.current(cookie)
                .flatMap(current -> service.accountFor(identity, current)
                        .flatMap(account -> current.isPresent()
                                ? Uni.createFrom().item(Pages.seeOther("/account"))
                                : sessions.start(account, provider, https).map(started -> Pages.seeOther("/account", started))))
                .call(() -> oidcSession.logout());
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

    private static String displayName(JsonWebToken token) {
        for (String claim : new String[] {"name", "preferred_username", "email"}) {
            Object value = token.getClaim(claim);
            if (value != null && !value.toString().isBlank()) {
                String name = value.toString().strip();
                return name.length() > 255 ? name.substring(0, 255) : name;
            }
        }
        return "Songprint user";
    }
}
