package org.songprint.account.catalogue;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import java.util.function.BiFunction;
import java.util.function.Function;
import org.songprint.account.account.AccountService;
import org.songprint.account.session.WebSession;
import org.songprint.account.session.WebSessions;
import org.songprint.account.web.ErrorPage;
import org.songprint.account.web.Pages;
import org.songprint.common.catalogue.CatalogueFingerprint;
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
    private final Template comparison;
    private final ErrorPage error;

    public CataloguePages(CatalogueClient catalogue, AccountService accounts, WebSessions sessions, @Location("track.html") Template track,
            @Location("fingerprint.html") Template fingerprint, @Location("recording.html") Template recording,
            @Location("comparison.html") Template comparison, ErrorPage error) {
        this.catalogue = catalogue;
        this.accounts = accounts;
        this.sessions = sessions;
        this.track = track;
        this.fingerprint = fingerprint;
        this.recording = recording;
        this.comparison = comparison;
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
        return entryPage(cookie, CatalogueIds.fingerprintId(id), catalogue::fingerprint, "Fingerprint not found",
                "There is no fingerprint “" + id + "”.", (session, f) -> Pages.ok(fingerprint.data("session", session)
                        .data("fingerprint", f).data("items", f.items().length)));
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
        // drawing a long fingerprint takes milliseconds: on a worker thread, never on the event loop
        return catalogue.fingerprint(parsed.get()).emitOn(Infrastructure.getDefaultWorkerPool()).map(found -> found
                .map(f -> Response.ok(FingerprintImage.png(f.items()), "image/png")
                        // a stored fingerprint never changes
                        .header("Cache-Control", "public, max-age=86400").build())
                .orElseGet(() -> Response.status(404).build()));
    }

    /**
     * Two fingerprints drawn aligned, with the bits that differ marked and the compare2 score lookups
     * use (the first in the stored role). AcoustID's own form is {@code /fingerprint/ID/compare?other=ID}.
     */
    @GET
    @Path("fingerprint/{id}/compare/{other}")
    @Produces(Pages.HTML)
    public Uni<Response> compare(@PathParam("id") String id, @PathParam("other") String other,
            @CookieParam(WebSessions.COOKIE) String cookie) {
        Optional<int[]> ids = pairIds(id, other);
        return sessions.current(cookie).flatMap(session -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(notFound(session, "Fingerprint not found", "Compare two fingerprint ids."));
            }
            return pair(ids.get()).map(found -> found
                    .map(pair -> Pages.ok(comparison.data("session", session.orElse(null)).data("first", pair[0])
                            .data("second", pair[1]).data("result", FingerprintComparison.of(pair[0].items(), pair[1].items()))))
                    .orElseGet(() -> notFound(session, "Fingerprint not found", "One of fingerprints " + id + " and "
                            + other + " does not exist.")));
        });
    }

    /** AcoustID's form of the comparison's address. */
    @GET
    @Path("fingerprint/{id}/compare")
    public Response compareForm(@PathParam("id") String id, @QueryParam("other") String other) {
        int[] ids = pairIds(id, other).orElseThrow(NotFoundException::new);
        return Pages.seeOther("/fingerprint/" + ids[0] + "/compare/" + ids[1]);
    }

    @GET
    @Path("fingerprint/{id}/compare/{other}/image.png")
    @Produces("image/png")
    public Uni<Response> comparisonImage(@PathParam("id") String id, @PathParam("other") String other) {
        Optional<int[]> ids = pairIds(id, other);
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Response.status(404).build());
        }
        return pair(ids.get()).emitOn(Infrastructure.getDefaultWorkerPool()).map(found -> found
                .map(pair -> {
                    FingerprintComparison result = FingerprintComparison.of(pair[0].items(), pair[1].items());
                    return Response.ok(FingerprintImage.comparisonPng(pair[0].items(), pair[1].items(), result.offset()),
                            "image/png").header("Cache-Control", "public, max-age=86400").build();
                })
                .orElseGet(() -> Response.status(404).build()));
    }

    /**
     * The search box: a track id or an MBID (a UUID: a track first, then a recording), or a
     * fingerprint id, takes the visitor to its page.
     */
    @GET
    @Path("search")
    @Produces(Pages.HTML)
    public Uni<Response> search(@QueryParam("q") String query, @CookieParam(WebSessions.COOKIE) String cookie) {
        String q = query == null ? "" : query.strip();
        Optional<UUID> uuid = CatalogueIds.uuid(q.toLowerCase(java.util.Locale.ROOT));
        Optional<Integer> fingerprintId = CatalogueIds.fingerprintId(q);
        Uni<Optional<String>> target;
        if (uuid.isPresent()) {
            target = catalogue.track(uuid.get()).flatMap(track -> track.isPresent()
                    ? Uni.createFrom().item(Optional.of("/track/" + uuid.get()))
                    : catalogue.recording(uuid.get()).map(recording -> recording.map(r -> "/mbid/" + uuid.get())));
        } else if (fingerprintId.isPresent()) {
            target = catalogue.fingerprint(fingerprintId.get()).map(f -> f.map(found -> "/fingerprint/" + found.id()));
        } else {
            target = Uni.createFrom().item(Optional.empty());
        }
        return sessions.current(cookie).flatMap(session -> target.map(found -> found
                .map(path -> Pages.seeOther(path))
                .orElseGet(() -> notFound(session, "Nothing found", q.isEmpty()
                        ? "Type a track id, an MBID or a fingerprint id."
                        : "No track, recording or fingerprint has the id “" + q + "”."))));
    }

    private static Optional<int[]> pairIds(String id, String other) {
        Optional<Integer> first = CatalogueIds.fingerprintId(id);
        Optional<Integer> second = CatalogueIds.fingerprintId(other);
        return first.isPresent() && second.isPresent() ? Optional.of(new int[] {first.get(), second.get()}) : Optional.empty();
    }

    private Uni<Optional<CatalogueFingerprint[]>> pair(int[] ids) {
        return Uni.combine().all().unis(catalogue.fingerprint(ids[0]), catalogue.fingerprint(ids[1])).asTuple()
                .map(both -> both.getItem1().isPresent() && both.getItem2().isPresent()
                        ? Optional.of(new CatalogueFingerprint[] {both.getItem1().get(), both.getItem2().get()})
                        : Optional.empty());
    }

    @GET
    @Path("mbid/{mbid}")
    @Produces(Pages.HTML)
    public Uni<Response> recording(@PathParam("mbid") String mbid, @CookieParam(WebSessions.COOKIE) String cookie) {
        return entryPage(cookie, CatalogueIds.uuid(mbid), catalogue::recording, "Recording not found",
                "No track is linked to the MusicBrainz recording “" + mbid + "”.",
                (session, r) -> Pages.ok(recording.data("session", session).data("recording", r)));
    }

    /** The page of one catalogue entry, or a "not found" page when its id is malformed or unknown. */
    private <K, V> Uni<Response> entryPage(String cookie, Optional<K> key, Function<K, Uni<Optional<V>>> read,
            String title, String notFound, BiFunction<WebSession, V, Response> render) {
        return sessions.current(cookie).flatMap(session -> (key.isEmpty()
                ? Uni.createFrom().item(Optional.<V>empty()) : read.apply(key.get()))
                .map(found -> found.map(entry -> render.apply(session.orElse(null), entry))
                        .orElseGet(() -> notFound(session, title, notFound))));
    }

    private Response notFound(Optional<WebSession> session, String title, String message) {
        return error.render(404, title, message, session);
    }
}
