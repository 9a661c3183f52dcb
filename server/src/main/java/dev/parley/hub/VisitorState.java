package dev.parley.hub;

import dev.parley.invite.Invitation;
import dev.parley.invite.InviteStore;
import dev.parley.prechat.Contact;
import dev.parley.tracking.PageView;
import io.github.bucket4j.Bucket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A visitor the hub knows: online (one session per tab) or recently gone (kept for the rate limits). */
final class VisitorState {
    final String id;
    final String defaultName;
    /** The pre-chat name when given, else "Visitor 7F3A". */
    String name;
    final List<Session> sessions = new ArrayList<>(2);
    final Bucket messages;
    final Bucket newConversations;
    long onlineSince;
    long offlineSince;
    PageView page = PageView.NONE;
    /** When the current page was opened, and pages viewed since the visitor came online (auto-invite rules). */
    long pageSince;
    int pageViews;
    /** Null until the visitor answered the pre-chat form (or, for a returning visitor, until the store said). */
    Contact contact;
    /** The newest invitation of this visit, pending or answered; null if none. */
    Invitation invitation;
    /** Auto invitations sent to this visitor recently (from the store on first sight, then kept here). */
    List<InviteStore.AutoSent> autoSent = new ArrayList<>(0);

    VisitorState(String id, Bucket messages, Bucket newConversations) {
        this.id = id;
        this.defaultName = "Visitor " + id.substring(Math.max(0, id.length() - 4)).toUpperCase(Locale.ROOT);
        this.name = defaultName;
        this.messages = messages;
        this.newConversations = newConversations;
    }

    boolean isOnline() {
        return !sessions.isEmpty();
    }

    void identify(Contact given) {
        contact = given;
        name = given.name().isEmpty() ? defaultName : given.name();
    }

    JsonObject toJson(String conversationId) {
        return new JsonObject()
                .put("id", id)
                .put("name", name)
                .put("online", isOnline())
                .put("onlineSince", onlineSince)
                .put("page", page.toJson())
                .put("conversationId", conversationId)
                .put("contact", contact == null || contact.isEmpty() ? null : contact.toJson())
                .put("invitation", invitation == null ? null : invitation.forAgents());
    }
}
