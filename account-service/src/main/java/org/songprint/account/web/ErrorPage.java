package org.songprint.account.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.songprint.account.session.WebSession;

/** The error page, with a status, in the visitor's own header: the one rendering of error.html. */
@ApplicationScoped
public class ErrorPage {

    private final Template error;

    public ErrorPage(@Location("error.html") Template error) {
        this.error = error;
    }

    public Response render(int status, String title, String message, Optional<WebSession> session) {
        return Pages.html(status, error.data("status", status).data("title", title).data("message", message)
                .data("session", session.orElse(null)));
    }
}
