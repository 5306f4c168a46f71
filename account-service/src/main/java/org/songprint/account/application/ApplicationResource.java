package org.songprint.account.application;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.songprint.account.session.WebSession;
import org.songprint.account.session.WebSessions;
import org.songprint.account.web.Pages;

/**
 * The applications pages: list, register, show (client key and lookup charts), edit, regenerate the
 * key, deactivate and reactivate. Form posts need the session's CSRF token and answer with a redirect.
 */
@Path("/applications")
@Produces(Pages.HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class ApplicationResource {

    private final Template list;
    private final Template form;
    private final Template details;
    private final WebSessions sessions;
    private final ApplicationService service;

    public ApplicationResource(@Location("applications.html") Template list, @Location("application-form.html") Template form,
            @Location("application.html") Template details, WebSessions sessions, ApplicationService service) {
        this.list = list;
        this.form = form;
        this.details = details;
        this.sessions = sessions;
        this.service = service;
    }

    @GET
    public Uni<Response> list(@CookieParam(WebSessions.COOKIE) String cookie) {
        return sessions.require(cookie).flatMap(session -> service.list(session)
                .map(applications -> Pages.ok(list.data("session", session).data("applications", applications))));
    }

    @GET
    @Path("new")
    public Uni<Response> newForm(@CookieParam(WebSessions.COOKIE) String cookie) {
        // a blank form has nothing to correct yet
        return sessions.require(cookie).map(session -> Pages.ok(formPage(session, null, ApplicationForm.of("", "", "", ""), List.of())));
    }

    @POST
    public Uni<Response> create(@CookieParam(WebSessions.COOKIE) String cookie, @RestForm(WebSessions.CSRF_FIELD) String csrf,
            @RestForm String name, @RestForm String version, @RestForm String email, @RestForm String website) {
        ApplicationForm submitted = ApplicationForm.of(name, version, email, website);
        return sessions.requireForm(cookie, csrf).flatMap(session -> submitted.errors().isEmpty()
                ? service.create(session, submitted).map(id -> Pages.seeOther("/applications/" + id + "?done=registered"))
                : Uni.createFrom().item(Pages.html(400, formPage(session, null, submitted, submitted.errors()))));
    }

    @GET
    @Path("{id}")
    public Uni<Response> show(@CookieParam(WebSessions.COOKIE) String cookie, @PathParam("id") int id,
            @QueryParam("done") String done, @Context UriInfo uri) {
        return sessions.require(cookie).flatMap(session -> service.details(session, id)
                .map(view -> Pages.ok(details.data("session", session).data("application", view.application())
                        .data("charts", view.charts()).data("done", ApplicationNotice.of(done).orElse(null))
                        .data("apiBase", uri.getBaseUri().resolve("/v2/").toString()))));
    }

    @GET
    @Path("{id}/edit")
    public Uni<Response> editForm(@CookieParam(WebSessions.COOKIE) String cookie, @PathParam("id") int id) {
        return sessions.require(cookie).flatMap(session -> service.owned(session, id)
                .map(application -> Pages.ok(formPage(session, application.id(), ApplicationForm.of(application), List.of()))));
    }

    @POST
    @Path("{id}")
    public Uni<Response> update(@CookieParam(WebSessions.COOKIE) String cookie, @RestForm(WebSessions.CSRF_FIELD) String csrf,
            @PathParam("id") int id, @RestForm String name, @RestForm String version, @RestForm String email,
            @RestForm String website) {
        ApplicationForm submitted = ApplicationForm.of(name, version, email, website);
        return sessions.requireForm(cookie, csrf).flatMap(session -> submitted.errors().isEmpty()
                ? service.update(session, id, submitted).map(done -> Pages.seeOther("/applications/" + id + "?done=saved"))
                : service.owned(session, id).map(application -> Pages.html(400, formPage(session, id, submitted, submitted.errors()))));
    }

    @POST
    @Path("{id}/apikey")
    public Uni<Response> regenerateApiKey(@CookieParam(WebSessions.COOKIE) String cookie,
            @RestForm(WebSessions.CSRF_FIELD) String csrf, @PathParam("id") int id) {
        return sessions.requireForm(cookie, csrf).flatMap(session -> service.regenerateApiKey(session, id))
                .map(key -> Pages.seeOther("/applications/" + id + "?done=regenerated"));
    }

    @POST
    @Path("{id}/active")
    public Uni<Response> setActive(@CookieParam(WebSessions.COOKIE) String cookie, @RestForm(WebSessions.CSRF_FIELD) String csrf,
            @PathParam("id") int id, @RestForm String active) {
        boolean activate = "true".equals(active);
        return sessions.requireForm(cookie, csrf).flatMap(session -> service.setActive(session, id, activate))
                .map(done -> Pages.seeOther("/applications/" + id + "?done=" + (activate ? "reactivated" : "deactivated")));
    }

    private TemplateInstance formPage(WebSession session, Integer id, ApplicationForm submitted, List<String> errors) {
        return form.data("session", session).data("id", id).data("form", submitted).data("errors", errors);
    }
}
