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
    /** Rate limits, made on first use from the hub's shared factories: most visitors never write (bench S1). */
    private final java.util.function.Supplier<Bucket> messageLimit;
    private final java.util.function.Supplier<Bucket> conversationLimit;
    private Bucket messages;
    private Bucket newConversations;
    /** Page views recorded (stored, added to the trail); see {@link SiteHub#PAGE_VIEW_BURST}. */
    /**
     * Page views this visitor may still have recorded: a token bucket kept in two fields, because a Bucket4j object per
     * visitor costs more heap than 19,000 idle visitors can afford (bench S1).
     */
    private int pageViewTokens = SiteHub.PAGE_VIEW_BURST;
    private long pageViewsCheckedAt = System.currentTimeMillis();
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
    /** The last few invitations a newer one replaced, so a tab answering one of them is told it is closed. */
    private java.util.ArrayDeque<Invitation> replaced;
    /** Pre-chat answers this visitor may send (each is a write and a frame to every agent); made on first use. */
    private Bucket identifies;
    /** Auto invitations sent to this visitor recently (from the store on first sight, then kept here). */
    List<InviteStore.AutoSent> autoSent = List.of();

    VisitorState(String id, java.util.function.Supplier<Bucket> messageLimit, java.util.function.Supplier<Bucket> conversationLimit) {
        this.id = id;
        this.defaultName = defaultName(id);
        this.name = defaultName;
        this.messageLimit = messageLimit;
        this.conversationLimit = conversationLimit;
    }

    /** "Visitor 7F3A": the last four letters or digits of the id (ids are base64url, so '-' and '_' are skipped). */
    static String defaultName(String id) {
        var tail = new StringBuilder(4);
        for (int i = id.length() - 1; i >= 0 && tail.length() < 4; i--) {
            char ch = id.charAt(i);
            if (Character.isLetterOrDigit(ch)) {
                tail.insert(0, ch);
            }
        }
        return "Visitor " + tail.toString().toUpperCase(Locale.ROOT);
    }

    Bucket messages() {
        if (messages == null) {
            messages = messageLimit.get();
        }
        return messages;
    }

    Bucket newConversations() {
        if (newConversations == null) {
            newConversations = conversationLimit.get();
        }
        return newConversations;
    }

    /** True when no limit of this visitor holds anything back: forgetting them loses nothing. */
    boolean limitsAtRest(long messageCapacity, long conversationCapacity) {
        return (messages == null || messages.getAvailableTokens() >= messageCapacity)
                && (newConversations == null || newConversations.getAvailableTokens() >= conversationCapacity);
    }

    /** Takes one page view from the budget (burst, then one per refill interval); false when it is used up. */
    boolean tryRecordPageView(long now) {
        refillPageViews(now);
        if (pageViewTokens == 0) {
            return false;
        }
        pageViewTokens--;
        return true;
    }

    boolean pageViewBudgetFull(long now) {
        refillPageViews(now);
        return pageViewTokens >= SiteHub.PAGE_VIEW_BURST;
    }

    private void refillPageViews(long now) {
        long every = SiteHub.PAGE_VIEW_REFILL.toMillis();
        long earned = (now - pageViewsCheckedAt) / every;
        if (earned > 0) {
            pageViewTokens = (int) Math.min(SiteHub.PAGE_VIEW_BURST, pageViewTokens + earned);
            pageViewsCheckedAt += earned * every;
        }
    }

    boolean isOnline() {
        return !sessions.isEmpty();
    }

    /** Most visitors never see a pre-chat form, and at 19,000 connections every object per visitor counts. */
    Bucket identifies() {
        if (identifies == null) {
            identifies = Bucket.builder().addLimit(limit -> limit.capacity(5).refillGreedy(5, java.time.Duration.ofMinutes(1))).build();
        }
        return identifies;
    }

    void rememberClosed(Invitation invitation) {
        if (replaced == null) {
            replaced = new java.util.ArrayDeque<>(2);
        }
        replaced.addLast(invitation);
        while (replaced.size() > 5) {
            replaced.removeFirst();
        }
    }

    Invitation closedInvitation(String id) {
        if (replaced == null) {
            return null;
        }
        for (var invitation : replaced) {
            if (invitation.pageId.equals(id)) {
                return invitation;
            }
        }
        return null;
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
