package org.songprint.account.catalogue;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.songprint.account.account.AccountService;
import org.songprint.account.session.WebSession;
import org.songprint.account.session.WebSessions;
import org.songprint.account.web.Pages;
import org.songprint.common.catalogue.CatalogueIds;
import org.songprint.common.catalogue.CatalogueTrack;

/**
 * The catalogue on the web, at AcoustID's paths so links from MusicBrainz and forums work:
 * {@code /track/GID}, {@code /fingerprint/ID} (drawn) and {@code /mbid/MBID}. Read through
 * {@link CatalogueClient}; rendered with the session of every other page. Logged in, a track's MBID
 * links can be disabled and enabled again (AcoustID's crowd curation).
 */
@Path("/")
public class CataloguePages {

    private final CatalogueClient catalogue;
    private final AccountService accounts;
    private final WebSessions sessions;
    private final Template track;
    private final Template fingerprint;
    private final Template recording;
    private final Template error;

    public CataloguePages(CatalogueClient catalogue, AccountService accounts, WebSessions sessions, @Location("track.html") Template track,
            @Location("fingerprint.html") Template fingerprint, @Location("recording.html") Template recording,
            @Location("error.html") Template error) {
        this.catalogue = catalogue;
        this.accounts = accounts;
        this.sessions = sessions;
        this.track = track;
        this.fingerprint = fingerprint;
        this.recording = recording;
        this.error = error;
    }

    @GET
    @Path("track/{gid}")
    @Produces(Pages.HTML)
    public Uni<Response> track(@PathParam("gid") String gid, @QueryParam("changed") String changed,
            @CookieParam(WebSessions.COOKIE) String cookie) {
        Optional<UUID> id = CatalogueIds.uuid(gid);
        return sessions.current(cookie).flatMap(session -> id.isEmpty()
                ? Uni.createFrom().item(notFound(session, "Track not found", "“" + gid + "” is not a track id."))
                : catalogue.track(id.get()).flatMap(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().item(notFound(session, "Track not found", "There is no track " + gid + "."));
                    }
                    CatalogueTrack t = found.get();
                    if (t.mergedInto() != null) { // its page is the track it was merged into, as on AcoustID
                        return Uni.createFrom().item(Response.status(301).location(URI.create("/track/" + t.mergedInto())).build());
                    }
                    Set<Integer> changers = new HashSet<>();
                    t.recordings().stream().filter(r -> r.change() != null).forEach(r -> changers.add(r.change().account()));
                    return accounts.publicNames(changers).map(names -> Pages.ok(track.data("session", session.orElse(null))
                            .data("track", t).data("names", names).data("saved", saved(t, changed))));
                }));
    }

    /**
     * Disables or enables one of the track's MBID links, logged in, with the session's CSRF token and
     * an optional note; back on the track page with the change shown. Lookups follow at once: they
     * read the links' state from the database.
     */
    @POST
    @Path("track/{gid}/recordings/{mbid}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> setRecordingDisabled(@PathParam("gid") String gid, @PathParam("mbid") String mbid,
            @FormParam(WebSessions.CSRF_FIELD) String csrf, @FormParam("disabled") String disabled,
            @FormParam("note") String note, @CookieParam(WebSessions.COOKIE) String cookie) {
        return sessions.requireForm(cookie, csrf).flatMap(session -> {
            Optional<UUID> track = CatalogueIds.uuid(gid);
            Optional<UUID> recording = CatalogueIds.uuid(mbid);
            if (track.isEmpty() || recording.isEmpty() || !("1".equals(disabled) || "0".equals(disabled))) {
                throw new NotFoundException();
            }
            return catalogue.setMbidDisabled(track.get(), recording.get(), "1".equals(disabled), session.accountId(), note)
                    .map(changed -> Pages.seeOther("/track/" + track.get() + "?changed=" + recording.get() + "#recordings"));
        });
    }

    /** The notice after a change: which link, and its state now. */
    private static String saved(CatalogueTrack t, String changed) {
        Optional<UUID> mbid = CatalogueIds.uuid(changed);
        if (mbid.isEmpty()) {
            return null;
        }
        return t.recordings().stream().filter(r -> r.mbid().equals(mbid.get())).findFirst()
                .map(r -> "Saved: the link to " + r.mbid() + (r.disabled()
                        ? " is disabled; lookups no longer return this recording for the track."
                        : " is enabled; lookups return this recording for the track again."))
                .orElse(null);
    }

    @GET
    @Path("fingerprint/{id}")
    @Produces(Pages.HTML)
    public Uni<Response> fingerprint(@PathParam("id") String id, @CookieParam(WebSessions.COOKIE) String cookie) {
        Optional<Integer> parsed = CatalogueIds.fingerprintId(id);
        return sessions.current(cookie).flatMap(session -> parsed.isEmpty()
                ? Uni.createFrom().item(notFound(session, "Fingerprint not found", "“" + id + "” is not a fingerprint id."))
                : catalogue.fingerprint(parsed.get()).map(found -> found
                        .map(f -> Pages.ok(fingerprint.data("session", session.orElse(null)).data("fingerprint", f)
                                .data("items", f.items().length)))
                        .orElseGet(() -> notFound(session, "Fingerprint not found", "There is no fingerprint " + id + "."))));
    }

    /** The fingerprint drawn, for the fingerprint page. */
    @GET
    @Path("fingerprint/{id}/image.png")
    @Produces("image/png")
    public Uni<Response> fingerprintImage(@PathParam("id") String id) {
        Optional<Integer> parsed = CatalogueIds.fingerprintId(id);
        if (parsed.isEmpty()) {
            return Uni.createFrom().item(Response.status(404).build());
        }
        return catalogue.fingerprint(parsed.get()).map(found -> found
                .map(f -> Response.ok(FingerprintImage.png(f.items()), "image/png")
                        // a stored fingerprint never changes
                        .header("Cache-Control", "public, max-age=86400").build())
                .orElseGet(() -> Response.status(404).build()));
    }

    @GET
    @Path("mbid/{mbid}")
    @Produces(Pages.HTML)
    public Uni<Response> recording(@PathParam("mbid") String mbid, @CookieParam(WebSessions.COOKIE) String cookie) {
        Optional<UUID> parsed = CatalogueIds.uuid(mbid);
        return sessions.current(cookie).flatMap(session -> parsed.isEmpty()
                ? Uni.createFrom().item(notFound(session, "Recording not found", "“" + mbid + "” is not a MusicBrainz id."))
                : catalogue.recording(parsed.get()).map(found -> found
                        .map(r -> Pages.ok(recording.data("session", session.orElse(null)).data("recording", r)))
                        .orElseGet(() -> notFound(session, "Recording not found",
                                "No track is linked to the MusicBrainz recording " + mbid + "."))));
    }

    private Response notFound(Optional<WebSession> session, String title, String message) {
        return Pages.html(404, error.data("status", 404).data("title", title).data("message", message)
                .data("session", session.orElse(null)));
    }
}
