package dev.parley.hub;

import dev.parley.account.Ids;
import dev.parley.gateway.Frame;
import dev.parley.gateway.FrameException;
import dev.parley.gateway.Frames;
import dev.parley.invite.AutoInviteRule;
import dev.parley.invite.AutoInviteRules;
import dev.parley.invite.Invitation;
import dev.parley.invite.InviteStore;
import dev.parley.store.WriteOp;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;

/**
 * Invitations of one site: agents inviting visitors, auto-invite rules, and the visitors' answers. Part of the
 * site's hub and, like it, only ever called on the hub's context.
 */
final class Invitations {
    /** Auto invitations older than this never count toward a cap (the largest cap a rule may set). */
    static final long CAP_MEMORY_MILLIS = 8760L * 3600 * 1000;

    /** Invitations one agent may send to single visitors: a burst, then one every two seconds. */
    static final int AGENT_INVITES_BURST = 20;
    /** Invitations to all visitors, per site: a burst of three, then one every three seconds. */
    static final java.time.Duration BROADCAST_EVERY = java.time.Duration.ofSeconds(3);

    private final SiteHub hub;
    private AutoInviteRules rules = AutoInviteRules.NONE;
    /**
     * The rows of the latest broadcast until its frames are written: the writer would take CPU from the event loops
     * while they write 10,000 frames, so it waits for them. Saved first whenever another invitation write comes.
     */
    private WriteOp.Sql unsavedBroadcast;
    /** Invitations to all visitors, for the whole site: each one is a frame to every online visitor. */
    private final io.github.bucket4j.Bucket broadcasts = io.github.bucket4j.Bucket.builder()
            .addLimit(limit -> limit.capacity(3).refillGreedy(1, BROADCAST_EVERY)).build();

    Invitations(SiteHub hub) {
        this.hub = hub;
    }

    void setRules(AutoInviteRules rules) {
        this.rules = rules;
    }

    void send(Session session, Frame.InvitationSend send) {
        saveBroadcast();
        if (!session.isAgent()) {
            throw new FrameException("forbidden", "Only agents invite visitors.");
        }
        var agent = session.agent;
        var limit = send.all() ? broadcasts : hub.agentState(agent.id()).invitations;
        var probe = limit.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw FrameException.rateLimited(send.all() ? "Invitations to all visitors are limited to one every " + BROADCAST_EVERY.toSeconds() + " s."
                    : "You are sending invitations too fast.", probe.getNanosToWaitForRefill(), send.all() ? Frames.INVITE_ALL_REF : send.visitorId());
        }
        if (!send.all()) {
            var visitor = hub.visitor(send.visitorId());
            if (visitor == null || !visitor.isOnline()) {
                throw new FrameException("not_found", "That visitor is no longer on the site.", send.visitorId());
            }
            if (hub.hasOpenConversation(visitor.id)) {
                throw new FrameException("conflict", "This visitor is already in a conversation; reply there instead.", send.visitorId());
            }
            invite(visitor, agent.id(), agent.name(), null, send.text(), true);
            session.send(Frames.of(Frames.INVITATION_SENT).put("count", 1).put("visitorIds", new JsonArray().add(visitor.id)));
            return;
        }
        var outgoing = new Outgoing(hub);
        // One random id for the broadcast, numbered per visitor: 10,000 secure-random draws cost more than the frames.
        var broadcastId = Ids.newId("i");
        int n = 0;
        var invited = new JsonArray();
        var stored = new ArrayList<Invitation>();
        var replaced = new ArrayList<String>();
        long now = System.currentTimeMillis();
        // Every visitor's page knows its invitation by the broadcast's id, so one encoded frame serves them all.
        var frame = received(new Invitation(broadcastId, null, agent.id(), agent.name(), null, send.text(), now));
        for (var visitor : hub.onlineVisitors()) {
            if (hub.hasOpenConversation(visitor.id)) {
                continue;
            }
            var previous = visitor.invitation;
            if (previous != null && previous.isPending()) {
                // Replaced: the new invitation.received takes its place on the visitor's page.
                previous.status = Invitation.CLOSED;
                replaced.add(previous.id);
                visitor.rememberClosed(previous);
            }
            var invitation = new Invitation(broadcastId + "." + Integer.toString(n++, 36), broadcastId, visitor.id, agent.id(),
                    agent.name(), null, send.text(), now);
            visitor.invitation = invitation;
            stored.add(invitation);
            outgoing.toVisitor(visitor, frame);
            invited.add(visitor.id);
        }
        // One write for the whole broadcast rather than one or two per visitor, once the frames are out.
        var rows = InviteStore.insertAll(hub.siteId(), stored, replaced, now);
        unsavedBroadcast = rows;
        outgoing.flush(() -> {
            if (unsavedBroadcast == rows) {
                saveBroadcast();
            }
        });
        // One summary instead of a visitor.updated per visitor: a broadcast to 10,000 visitors stays one agent frame.
        hub.toAgents(Frames.of(Frames.INVITATION_SENT).put("count", invited.size()).put("visitorIds", invited)
                .put("text", send.text()).put("agent", new io.vertx.core.json.JsonObject().put("id", agent.id()).put("name", agent.name())));
    }

    /** Hands the latest broadcast's rows to the writer if they are still waiting; every invitation write comes after. */
    void saveBroadcast() {
        if (unsavedBroadcast != null) {
            hub.writeQuietly(unsavedBroadcast);
            unsavedBroadcast = null;
        }
    }

    /** A new visit begins: the last visit's pending invitation is over. */
    void closeForNewVisit(VisitorState visitor, long now) {
        if (visitor.invitation.isPending()) {
            saveBroadcast();
            visitor.invitation.status = Invitation.CLOSED;
            hub.writeQuietly(InviteStore.answer(hub.siteId(), visitor.invitation.id, Invitation.CLOSED, now));
        }
        visitor.invitation = null;
    }

    private void invite(VisitorState visitor, String agentId, String agentName, String ruleId, String text, boolean tellAgents) {
        saveBroadcast();
        var previous = visitor.invitation;
        if (previous != null && previous.isPending()) {
            previous.status = Invitation.CLOSED; // replaced: the visitor's page shows the new one in its place
            hub.writeQuietly(InviteStore.answer(hub.siteId(), previous.id, Invitation.CLOSED, System.currentTimeMillis()));
            visitor.rememberClosed(previous); // the new invitation.received takes its place on the visitor's page
            if (tellAgents) {
                hub.toAgents(Frames.of(Frames.INVITATION_UPDATED).put("invitation", previous.forAgents()));
            }
        }
        long now = System.currentTimeMillis();
        var invitation = new Invitation(Ids.newId("i"), visitor.id, agentId, agentName, ruleId, text, now);
        visitor.invitation = invitation;
        if (ruleId != null) {
            var sent = new java.util.ArrayList<>(visitor.autoSent);
            sent.add(new InviteStore.AutoSent(ruleId, now));
            visitor.autoSent = sent;
        }
        hub.writeQuietly(InviteStore.insert(hub.siteId(), invitation));
        toVisitorInOrder(visitor, received(invitation));
        if (tellAgents) {
            hub.toAgents(hub.visitorUpdated(visitor));
        }
    }

    void answer(Session session, Frame.InvitationAnswer answer) {
        if (session.isAgent()) {
            throw new FrameException("forbidden", "Only visitors answer invitations.");
        }
        saveBroadcast(); // the invitation's row before its answer, and before the message accepting it starts
        var visitor = hub.visitor(session.visitorId);
        var invitation = visitor.invitation;
        if (invitation == null || !invitation.pageId.equals(answer.invitationId())) {
            // Replaced by a newer one, or answered before a restart: either way it is over, and this tab just hides it.
            var earlier = visitor.closedInvitation(answer.invitationId());
            session.send(earlier != null ? closed(earlier) : Frames.of(Frames.INVITATION_CLOSED)
                    .put("id", answer.invitationId()).put("status", Invitation.CLOSED).encode());
            return;
        }
        if (!invitation.isPending()) {
            // Another tab answered first; this tab just hides it.
            session.send(closed(invitation));
            return;
        }
        if (answer.accepted()) {
            // Accepted first, so starting the conversation does not close it as moot.
            invitation.status = Invitation.ACCEPTED;
            var conversation = hub.openConversationOf(visitor.id);
            if (conversation == null) {
                try {
                    conversation = hub.startConversation(visitor, null);
                } catch (FrameException e) {
                    invitation.status = Invitation.SENT; // rate limit or DB down: still pending, the visitor may retry
                    throw e;
                }
            }
            // The agent's words become the conversation's first message, stored and sequenced like any other.
            hub.appendOnBehalfOf(conversation, invitation.agentId, invitation.agentName, "invite-" + invitation.id, invitation.text);
        } else {
            invitation.status = Invitation.DECLINED;
        }
        finish(visitor, invitation);
    }

    /** The visitor started a conversation on their own: a pending invitation is moot. */
    void conversationStarted(VisitorState visitor) {
        var invitation = visitor.invitation;
        if (invitation != null && invitation.isPending()) {
            invitation.status = Invitation.CLOSED;
            finish(visitor, invitation);
        }
    }

    private void finish(VisitorState visitor, Invitation invitation) {
        saveBroadcast();
        hub.writeQuietly(InviteStore.answer(hub.siteId(), invitation.id, invitation.status, System.currentTimeMillis()));
        toVisitorInOrder(visitor, closed(invitation));
        hub.toAgents(Frames.of(Frames.INVITATION_UPDATED).put("invitation", invitation.forAgents()));
        hub.toAgents(hub.visitorUpdated(visitor));
    }

    /**
     * An invitation frame to one visitor, queued on its connections' loops like a broadcast's frames: written directly,
     * it could overtake a broadcast still waiting in that queue, and the page would end on the older invitation.
     */
    private void toVisitorInOrder(VisitorState visitor, String frame) {
        var outgoing = new Outgoing(hub);
        outgoing.toVisitor(visitor, frame);
        outgoing.flush(null);
    }

    /** A tab that opens (or reloads) while an invitation waits shows it again. */
    void showPending(Session session, VisitorState visitor) {
        if (visitor.invitation != null && visitor.invitation.isPending()) {
            session.send(received(visitor.invitation));
        }
    }

    /** Runs the site's auto-invite rules over the online visitors; called from the hub's sweep. */
    void applyRules(long now) {
        if (!rules.anyEnabled() || !hub.isAvailable()) {
            return;
        }
        var agent = hub.anyAvailableAgent();
        if (agent == null) {
            return;
        }
        for (var visitor : hub.onlineVisitors()) {
            var last = visitor.invitation;
            if ((last != null && (last.isPending() || Invitation.DECLINED.equals(last.status))) || hub.hasOpenConversation(visitor.id)) {
                continue; // waiting for an answer, said no this visit, or already chatting
            }
            var page = visitor.trail.current();
            var facts = new AutoInviteRule.Facts(page.url(), Math.max(0, now - page.at()) / 1000,
                    visitor.trail.pageCount(), hub.isReturning(visitor));
            for (var rule : rules.rules()) {
                if (rule.matches(facts) && underCap(visitor, rule, now)) {
                    invite(visitor, agent.id(), agent.name(), rule.id(), rule.text(), true);
                    break;
                }
            }
        }
    }

    private static boolean underCap(VisitorState visitor, AutoInviteRule rule, long now) {
        long since = now - rule.capHours() * 3_600_000L;
        long sent = visitor.autoSent.stream().filter(s -> s.ruleId().equals(rule.id()) && s.at() >= since).count();
        return sent < rule.maxPerVisitor();
    }

    private static String received(Invitation invitation) {
        return Frames.of(Frames.INVITATION_RECEIVED).put("invitation", invitation.forVisitor()).encode();
    }

    private static String closed(Invitation invitation) {
        return Frames.of(Frames.INVITATION_CLOSED).put("id", invitation.pageId).put("status", invitation.status).encode();
    }
}
