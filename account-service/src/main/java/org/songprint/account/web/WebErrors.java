package org.songprint.account.web;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.songprint.account.catalogue.CatalogueUnavailableException;
import org.songprint.account.catalogue.CurationRefusedException;
import org.songprint.account.login.LastLoginException;
import org.songprint.account.login.LinkExpiredException;
import org.songprint.account.login.LoginConflictException;
import org.songprint.account.login.LoginFailedException;
import org.songprint.account.login.ReturnPath;
import org.songprint.account.session.CsrfRejectedException;
import org.songprint.account.session.LoginRequiredException;
import org.songprint.account.session.WebSessions;

/**
 * How the pages answer refusals: to the login page, or an error page with the right status, in the
 * visitor's own header (logged in or not; {@link ErrorPage}). A failed login has already dropped the
 * provider's session cookie (LoginResource) before it gets here.
 */
public class WebErrors {

    private static final Logger LOG = Logger.getLogger(WebErrors.class);

    private final ErrorPage error;
    private final WebSessions sessions;

    public WebErrors(ErrorPage error, WebSessions sessions) {
        this.error = error;
        this.sessions = sessions;
    }

    /** To log in, and back to the page asked for (a page, not a form post, which would be lost anyway). */
    @ServerExceptionMapper
    public Response loginRequired(LoginRequiredException e, UriInfo uri, Request request) {
        String asked = uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
        return "GET".equals(request.getMethod()) && ReturnPath.of(asked).isPresent()
                ? Pages.seeOther("/login?return=" + URLEncoder.encode(asked, StandardCharsets.UTF_8))
                : Pages.seeOther("/login");
    }

    @ServerExceptionMapper
    public Uni<Response> csrfRejected(CsrfRejectedException e, HttpHeaders headers) {
        return page(headers, 403, "Form expired", "This form was not sent from a page of your session. Nothing was changed; "
                + "go back, reload the page and try again.");
    }

    @ServerExceptionMapper
    public Uni<Response> forbidden(ForbiddenException e, HttpHeaders headers) {
        return page(headers, 403, "Not yours", "This belongs to another account.");
    }

    @ServerExceptionMapper
    public Uni<Response> notFound(NotFoundException e, HttpHeaders headers) {
        return page(headers, 404, "Not found", "There is no such page.");
    }

    /** A page's address visited with the wrong method (a form's address typed or followed as a link). */
    @ServerExceptionMapper
    public Uni<Response> methodNotAllowed(NotAllowedException e, HttpHeaders headers, UriInfo uri) {
        if (!Pages.isPage(uri)) {
            return Uni.createFrom().item(e.getResponse());
        }
        return page(headers, 405, "Not a page", "This address only takes a form sent from one of our pages. Nothing was "
                + "changed.");
    }

    @ServerExceptionMapper
    public Uni<Response> catalogueUnavailable(CatalogueUnavailableException e, HttpHeaders headers) {
        LOG.warn(e.getMessage(), e.getCause());
        return page(headers, 503, "Catalogue unavailable", "The catalogue could not be read just now. Please try again in a moment.");
    }

    @ServerExceptionMapper
    public Uni<Response> curationRefused(CurationRefusedException e, HttpHeaders headers) {
        return switch (e.status()) {
            case 429 -> page(headers, 429, "Too many changes", "You changed many links in the last hour. Nothing was changed "
                    + "now; please try again later.");
            case 404 -> page(headers, 404, "Link not found", "This track has no link to that recording (it may have been merged "
                    + "into another track). Nothing was changed.");
            default -> page(headers, 400, "Not saved", "The change was not saved: " + e.getMessage());
        };
    }

    @ServerExceptionMapper
    public Uni<Response> loginConflict(LoginConflictException e, HttpHeaders headers) {
        return page(headers, 409, "Login already in use", "That login is linked to another Songprint account, so it was not "
                + "linked to yours. Log out and log in with it to use that account.");
    }

    @ServerExceptionMapper
    public Uni<Response> linkExpired(LinkExpiredException e, HttpHeaders headers) {
        return page(headers, 410, "Link request expired", "This request to link a login has expired, was cancelled or was "
                + "already used. Nothing was linked. To link a login, start again from your profile.");
    }

    @ServerExceptionMapper
    public Uni<Response> lastLogin(LastLoginException e, HttpHeaders headers) {
        return page(headers, 409, "Your only login", "This is the only login of your account: without it nobody could log in "
                + "to the account again. Link another login first, then remove this one. Nothing was changed.");
    }

    @ServerExceptionMapper
    public Uni<Response> loginFailed(LoginFailedException e, HttpHeaders headers) {
        return page(headers, 500, "Login failed", "The login did not complete because of a problem on our side. Please try "
                + "again in a moment.");
    }

    // in the visitor's own header: logged in, an error page still shows their account and the way out
    private Uni<Response> page(HttpHeaders headers, int status, String title, String message) {
        Cookie cookie = headers.getCookies().get(WebSessions.COOKIE);
        return sessions.current(cookie == null ? null : cookie.getValue())
                .onFailure().recoverWithItem(Optional.empty())
                .map(session -> error.render(status, title, message, session));
    }
}
