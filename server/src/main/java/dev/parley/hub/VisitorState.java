package dev.parley.hub;

import dev.parley.invite.Invitation;
import dev.parley.invite.InviteStore;
import dev.parley.prechat.Contact;
import dev.parley.tracking.VisitTrail;
import dev.parley.tracking.VisitorClient;
import io.github.bucket4j.Bucket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A visitor the hub knows: online (one session per tab) or recently gone (kept for the rate limits: a visitor who
 * reconnects with its token gets this same state back, buckets included).
 */
final class VisitorState {
    final String id;
    final String defaultName;
    /** The pre-chat name when given, else "Visitor 7F3A". */
    String name;
    final List<Session> sessions = new ArrayList<>(2);
    final Bucket messages;
    final Bucket newConversations;
    /** Page views recorded (stored, added to the trail); see {@link SiteHub#PAGE_VIEW_BURST}. */
    final Bucket pageViews;
    /** When agents were last sent this visitor for a page view; see {@link SiteHub#PAGE_ANNOUNCE_MILLIS}. */
    long pageAnnouncedAt;
    /** Start of the current visit: "time on site" counts from here, across page loads. */
    long onlineSince;
    long offlineSince;
    /** Visits, landing page, referrer and the pages of this visit. */
    final VisitTrail trail = new VisitTrail();
    /** Browser, address, place and language of the visitor's latest connection. */
    VisitorClient client = VisitorClient.UNKNOWN;
    /** Null until the visitor answered the pre-chat form (or, for a returning visitor, until the store said). */
    Contact contact;
    /** The newest invitation of this visit, pending or answered; null if none. */
    Invitation invitation;
    /** Auto invitations sent to this visitor recently (from the store on first sight, then kept here). */
    List<InviteStore.AutoSent> autoSent = new ArrayList<>(0);

    VisitorState(String id, Bucket messages, Bucket newConversations, Bucket pageViews) {
        this.id = id;
        this.defaultName = "Visitor " + id.substring(Math.max(0, id.length() - 4)).toUpperCase(Locale.ROOT);
        this.name = defaultName;
        this.messages = messages;
        this.newConversations = newConversations;
        this.pageViews = pageViews;
    }

    boolean isOnline() {
        return !sessions.isEmpty();
    }

    void identify(Contact given) {
        contact = given;
        name = given.name().isEmpty() ? defaultName : given.name();
    }

    /** The VISITOR shape of docs/protocol.md: compact, as it is sent for every online visitor in the welcome. */
    JsonObject toJson(String conversationId) {
        var json = new JsonObject()
                .put("id", id)
                .put("name", name)
                .put("online", isOnline())
                .put("onlineSince", onlineSince)
                .put("conversationId", conversationId);
        trail.addTo(json); // page, landing, referrer, keywords, visits, pageViews
        client.addTo(json);
        if (contact != null && !contact.isEmpty()) {
            json.put("contact", contact.toJson());
        }
        if (invitation != null) {
            json.put("invitation", invitation.forAgents());
        }
        return json;
    }
}
