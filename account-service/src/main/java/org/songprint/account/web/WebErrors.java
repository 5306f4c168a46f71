package org.songprint.account.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.songprint.account.catalogue.CatalogueUnavailableException;
import org.songprint.account.login.LastLoginException;
import org.songprint.account.login.LinkExpiredException;
import org.songprint.account.login.LoginConflictException;
import org.songprint.account.login.LoginFailedException;
import org.songprint.account.session.CsrfRejectedException;
import org.songprint.account.session.LoginRequiredException;

/**
 * How the pages answer refusals: to the login page, or an error page with the right status. A failed
 * login has already dropped the provider's session cookie (LoginResource) before it gets here.
 */
public class WebErrors {

    private static final Logger LOG = Logger.getLogger(WebErrors.class);

    private final Template error;

    public WebErrors(@Location("error.html") Template error) {
        this.error = error;
    }

    @ServerExceptionMapper
    public Response loginRequired(LoginRequiredException e) {
        return Pages.seeOther("/login");
    }

    @ServerExceptionMapper
    public Response csrfRejected(CsrfRejectedException e) {
        return page(403, "Form expired", "This form was not sent from a page of your session. Nothing was changed; "
                + "go back, reload the page and try again.");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return page(403, "Not yours", "This belongs to another account.");
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return page(404, "Not found", "There is no such page.");
    }

    @ServerExceptionMapper
    public Response catalogueUnavailable(CatalogueUnavailableException e) {
        LOG.warn(e.getMessage(), e.getCause());
        return page(503, "Catalogue unavailable", "The catalogue could not be read just now. Please try again in a moment.");
    }

    @ServerExceptionMapper
    public Response loginConflict(LoginConflictException e) {
        return page(409, "Login already in use", "That login is linked to another Songprint account, so it was not "
                + "linked to yours. Log out and log in with it to use that account.");
    }

    @ServerExceptionMapper
    public Response linkExpired(LinkExpiredException e) {
        return page(410, "Link request expired", "This request to link a login has expired, was cancelled or was "
                + "already used. Nothing was linked. To link a login, start again from your profile.");
    }

    @ServerExceptionMapper
    public Response lastLogin(LastLoginException e) {
        return page(409, "Your only login", "This is the only login of your account: without it nobody could log in "
                + "to the account again. Link another login first, then remove this one. Nothing was changed.");
    }

    @ServerExceptionMapper
    public Response loginFailed(LoginFailedException e) {
        return page(500, "Login failed", "The login did not complete because of a problem on our side. Please try "
                + "again in a moment.");
    }

    private Response page(int status, String title, String message) {
        return Pages.html(status, error.data("status", status).data("title", title).data("message", message)
                .data("session", null));
    }
}
