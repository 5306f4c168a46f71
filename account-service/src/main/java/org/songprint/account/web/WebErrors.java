package org.songprint.account.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.songprint.account.login.LoginConflictException;
import org.songprint.account.session.CsrfRejectedException;
import org.songprint.account.session.LoginRequiredException;

/** How the pages answer refusals: to the login page, or an error page with the right status. */
public class WebErrors {

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
    public Response loginConflict(LoginConflictException e) {
        return page(409, "Login already in use", "That login is linked to another Songprint account. Log out and log "
                + "in with it to use that account.");
    }

    private Response page(int status, String title, String message) {
        return Pages.html(status, error.data("status", status).data("title", title).data("message", message)
                .data("session", null));
    }
}
