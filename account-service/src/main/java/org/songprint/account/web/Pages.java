package org.songprint.account.web;

import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;

/** Answers of the web pages: a rendered page with a status, or a redirect after a form post (303). */
public final class Pages {

    public static final String HTML = "text/html;charset=UTF-8";

    private Pages() {
    }

    public static Response ok(TemplateInstance page) {
        return html(200, page);
    }

    public static Response html(int status, TemplateInstance page) {
        return Response.status(status).type(HTML).entity(page.render()).build();
    }

    public static Response seeOther(String path, NewCookie... cookies) {
        return Response.seeOther(URI.create(path)).cookie(cookies).build();
    }

    /** Whether the address is one of the web pages, not the AcoustID API or the suite's internal endpoints. */
    public static boolean isPage(UriInfo uri) {
        String path = uri.getPath();
        return !(path.startsWith("/v2/") || path.startsWith("/internal/") || path.startsWith("/q/"));
    }

    /** Whether the browser reached the page over HTTPS (directly or through the trusted proxy). */
    public static boolean https(UriInfo uri) {
        return "https".equalsIgnoreCase(uri.getBaseUri().getScheme());
    }
}
