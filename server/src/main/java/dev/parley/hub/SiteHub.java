package dev.parley.hub;

import dev.parley.account.Agent;
import dev.parley.account.Ids;
import dev.parley.account.Site;
import dev.parley.chat.ChatStore;
import dev.parley.chat.ConversationRow;
import dev.parley.chat.Message;
import dev.parley.gateway.Frame;
import dev.parley.gateway.FrameException;
import dev.parley.gateway.Frames;
import dev.parley.invite.AutoInviteRules;
import dev.parley.invite.InviteStore;
import dev.parley.prechat.Contact;
import dev.parley.prechat.ContactStore;
import dev.parley.prechat.PrechatForm;
import dev.parley.store.WriteOp;
import dev.parley.tracking.PageView;
import dev.parley.tracking.StoredVisit;
import dev.parley.tracking.TrackingStore;
import dev.parley.tracking.VisitTrail;
import dev.parley.tracking.VisitorClient;
import io.github.bucket4j.Bucket;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * All live state of one site — who is online, open conversations, typing, agent presence — owned by one
 * Vert.x context, like an actor. Every method that reads or changes state runs on that context; other code calls
 * {@link #execute}. No locks.
 *
 * <p>The message path: validate, hand to the batching writer, and only on commit acknowledge the sender and
 * announce {@code message.created}. Sequence numbers are taken inside the storing transaction from the conversation
 * row; the writer commits in order, so announcements come in sequence order.
 */
public final class SiteHub extends VerticleBase {
    static final int LOADED_CONVERSATIONS = 1000;
    static final int MAX_TABS_PER_VISITOR = 20;
    private static final long SWEEP_MILLIS = 1000;
    private static final long TYPING_TTL_MILLIS = 6000;
    private static final long FORGET_OFFLINE_VISITOR_MILLIS = 15 * 60 * 1000;
    /**
     * A departed visitor without an open conversation or invitation is forgotten after this already, once its rate
     * limit buckets are full again: forgetting it then loses nothing (its visit and contact are in the store). Floods
     * of short-lived visitors would otherwise stay in memory for {@link #FORGET_OFFLINE_VISITOR_MILLIS}.
     */
    private static final long FORGET_IDLE_VISITOR_MILLIS = 60 * 1000;
    /** Page views a visitor may have recorded at once; then one per {@link #PAGE_VIEW_REFILL}. */
    static final int PAGE_VIEW_BURST = 10;
    static final Duration PAGE_VIEW_REFILL = Duration.ofSeconds(2);
    /** Agents hear of a visitor's page views at most once per this (the latest page wins). */
    static final long PAGE_ANNOUNCE_MILLIS = 1000;
    static final int PAST_CONVERSATIONS = 20;

    private final HubServices services;
    private volatile Site site;
    private final Map<String, VisitorState> visitors = new HashMap<>();
    private final Map<String, AgentState> agents = new HashMap<>();
    private final Map<String, ConversationState> conversations = new HashMap<>();
    private final Map<String, ConversationState> openByVisitor = new HashMap<>();
    private final Set<Session> sessions = new LinkedHashSet<>();
    private final Map<String, Future<Void>> loading = new HashMap<>();
    /** conversationId + ' ' + authorId → typing expiry time. */
    private final Map<String, Long> typingUntil = new HashMap<>();
    /** Visitors whose latest page view agents have not heard of yet (coalesced; see {@link #announcePageView}). */
    private final Set<String> pageAnnouncementsDue = new LinkedHashSet<>();
    private final Invitations invitations = new Invitations(this);
    private PrechatForm prechat = PrechatForm.OFF;
    /** What visitors were last told: null = available, else the reason ("no_agents" or "closed"). */
    private String announcedReason = NO_AGENTS;
    private dev.parley.hours.BusinessHours hours = dev.parley.hours.BusinessHours.ALWAYS_OPEN;
    private long hoursTimer = -1;
    private long lastIdleCheck;

    public SiteHub(Site site, HubServices services) {
        this.site = site;
        this.services = services;
    }

    public Site site() {
        return site;
    }

    @Override
    public Future<?> start() {
        var siteId = site.id();
        return blocking(() -> services.siteConfig().all(siteId)).compose(config -> {
            invitations.setRules(AutoInviteRules.fromStored(config.get(dev.parley.account.SiteConfigStore.INVITE_RULES)));
            prechat = PrechatForm.fromStored(config.get(dev.parley.account.SiteConfigStore.PRECHAT));
            return blocking(() -> services.chats().openConversations(siteId, LOADED_CONVERSATIONS));
        }).map(rows -> {
            rows.forEach(this::adopt);
            vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
            return null;
        }).compose(v -> blocking(() -> services.offline().settings(site.id()).hours())).map(loaded -> {
            updateHours(loaded);
            return null;
        });
    }

    /** Runs {@code task} on this hub's context. */
    public void execute(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    // ---- joining and leaving -------------------------------------------------------------------------

    /**
     * Like {@link #joinVisitor}, but first brings a returning visitor's open conversation and visit into memory when the
     * hub does not hold them (it loads only the newest {@value #LOADED_CONVERSATIONS} conversations at start, and
     * forgets visitors some time after they leave), so nobody loses their history or visit count to a restart.
     */
    public Future<Session> joinVisitorWithHistory(ClientChannel channel, Frame.Hello hello, VisitorClient client) {
        var known = services.visitorTokens().verify(hello.token(), site.id());
        // A visitor this hub has seen since it started already has its open conversation, visit and answers in memory.
        if (known == null || visitors.containsKey(known)) {
            return Future.succeededFuture(joinVisitor(channel, hello, client, null));
        }
        var siteId = site.id();
        boolean needConversation = !openByVisitor.containsKey(known);
        return blocking(() -> new Returning(
                needConversation ? services.chats().latestOpenConversation(siteId, known) : Optional.<ConversationRow>empty(),
                services.visits().visit(siteId, known, VisitTrail.MAX_PAGES).orElse(null),
                services.contacts().contactOf(siteId, known),
                services.invites().autoInvitesSince(siteId, known, System.currentTimeMillis() - Invitations.CAP_MEMORY_MILLIS),
                services.invites().latest(siteId, known).orElse(null)))
                .map(found -> {
                    found.conversation().ifPresent(this::adopt);
                    var visitor = visitors.computeIfAbsent(known, id -> restoredVisitor(id, found.visit()));
                    if (!found.contact().isEmpty()) {
                        visitor.identify(found.contact());
                    }
                    visitor.autoSent = new ArrayList<>(found.autoSent());
                    var last = found.invitation();
                    // Still waiting for an answer, declined or accepted (never closed: see InviteStore.latest), in the
                    // visit the store says they are in: as before, so agents see the same tag and rules stay as quiet.
                    // A declined one only without an open conversation: with one, a newer invitation may have been
                    // closed as moot, and the chat keeps rules quiet anyway.
                    boolean declinedButChatting = last != null && dev.parley.invite.Invitation.DECLINED.equals(last.status)
                            && openByVisitor.containsKey(known);
                    if (last != null && last.at >= visitor.trail.visitStartedAt() && !declinedButChatting) {
                        visitor.invitation = last;
                    }
                    return joinVisitor(channel, hello, client, null);
                });
    }

    /** What the store knows of a returning visitor the hub does not hold. */
    private record Returning(Optional<ConversationRow> conversation, StoredVisit visit,
                             Contact contact, List<InviteStore.AutoSent> autoSent, dev.parley.invite.Invitation invitation) {
    }

    private VisitorState restoredVisitor(String id, StoredVisit stored) {
        var fresh = newVisitor(id);
        if (stored != null) {
            fresh.trail.restore(stored);
        }
        return fresh;
    }

    /**
     * A visitor said hello; the token decides whether it is someone we know, {@code stored} (may be null) is what the
     * store remembers of them. Returns the session.
     */
    Session joinVisitor(ClientChannel channel, Frame.Hello hello, VisitorClient client, StoredVisit stored) {
        var known = services.visitorTokens().verify(hello.token(), site.id());
        var visitorId = known != null ? known : Ids.newId("v");
        var session = Session.visitor(channel, visitorId, hello.hostOrigin());
        sessions.add(session);
        long now = System.currentTimeMillis();
        var visitor = visitors.computeIfAbsent(visitorId, id -> restoredVisitor(id, stored));
        if (visitor.sessions.size() >= MAX_TABS_PER_VISITOR) {
            sessions.remove(session);
            throw new FrameException("rate_limited", "Too many open tabs for this visitor; close some and reload.");
        }
        // Stamped with the join time: "time on page" (auto-invite rules) counts from when the visitor got here.
        var page = new PageView(hello.page().url(), hello.page().title(), hello.page().referrer(), now);
        if (!visitor.isOnline()) {
            boolean newVisit = visitor.trail.arrive(now, services.tracking().newVisitAfter(), page);
            visitor.onlineSince = visitor.trail.visitStartedAt();
            if (newVisit && visitor.invitation != null) {
                // A new visit: an old invitation is over, and auto-invite rules may speak again (within their caps).
                invitations.closeForNewVisit(visitor, now);
            }
        }
        visitor.client = client;
        visitor.sessions.add(session);
        recordPageView(visitor, page);
        services.writer().submitQuietly(WriteOp.of(TrackingStore.saveVisit(site.id(), visitorId, visitor.trail)));

        var conversation = openByVisitor.get(visitorId);
        session.send(Frames.of(Frames.SESSION_WELCOME)
                .put("role", "visitor")
                .put("visitorId", visitorId)
                .put("token", services.visitorTokens().issue(site.id(), visitorId))
                .put("heartbeatMs", services.settings().heartbeat().toMillis())
                .put("now", System.currentTimeMillis())
                .put("maxTextLength", services.settings().maxTextLength())
                .put("agentsOnline", isAvailable())
                .put("offlineReason", unavailableReason())
                .put("site", widgetJson())
                .put("contact", visitor.contact == null ? null : visitor.contact.toJson())
                .put("conversation", conversation == null ? null
                        : new JsonObject().put("id", conversation.id).put("lastSeq", conversation.lastSeq)));
        invitations.showPending(session, visitor);
        toAgents(visitorUpdated(visitor));
        return session;
    }

    public Session joinAgent(ClientChannel channel, Agent agent, String credential) {
        var session = Session.agent(channel, agent, credential);
        sessions.add(session);
        var state = agents.computeIfAbsent(agent.id(), id -> new AgentState(agent));
        state.sessions.add(session);
        var visitorList = new JsonArray();
        visitors.values().stream().filter(VisitorState::isOnline)
                .forEach(v -> visitorList.add(v.toJson(conversationIdOf(v.id))));
        var conversationList = new JsonArray();
        conversations.values().stream().sorted(Comparator.comparingLong((ConversationState c) -> c.updatedAt).reversed())
                .forEach(c -> conversationList.add(c.toJson()));
        session.send(Frames.of(Frames.SESSION_WELCOME)
                .put("role", "agent")
                .put("heartbeatMs", services.settings().heartbeat().toMillis())
                .put("now", System.currentTimeMillis())
                .put("maxTextLength", services.settings().maxTextLength())
                .put("agent", new JsonObject().put("id", agent.id()).put("name", agent.name()).put("email", agent.email())
                        .put("role", agent.role()).put("status", state.status))
                .put("site", new JsonObject().put("id", site.id()).put("key", site.key()).put("name", site.name()))
                .put("visitors", visitorList)
                .put("conversations", conversationList));
        toAgents(presenceChanged(state));
        announceAvailability();
        return session;
    }

    /** The agent signed out with the token whose hash is {@code credential}: its open consoles stop at once. */
    public void signOut(String credential) {
        for (var session : List.copyOf(sessions)) {
            if (session.isAgent() && credential.equals(session.credential)) {
                session.send(Frames.error("not_authenticated", "You signed out.", null));
                session.channel.close((short) 1008, "signed out");
                leave(session);
            }
        }
    }

    /** The transport closed. Safe to call twice. */
    public void leave(Session session) {
        if (!sessions.remove(session)) {
            return;
        }
        session.closed = true;
        if (session.isAgent()) {
            var state = agents.get(session.agent.id());
            if (state != null) {
                state.sessions.remove(session);
                clearTyping(session.agent.id());
                toAgents(presenceChanged(state));
            }
            announceAvailability();
        } else {
            var visitor = visitors.get(session.visitorId);
            if (visitor != null) {
                visitor.sessions.remove(session);
                if (!visitor.isOnline()) {
                    visitor.offlineSince = System.currentTimeMillis();
                    visitor.trail.left(visitor.offlineSince);
                    services.writer().submitQuietly(WriteOp.of(TrackingStore.touchVisitor(site.id(), visitor.id, visitor.offlineSince)));
                    clearTyping(visitor.id);
                    toAgents(Frames.of(Frames.VISITOR_LEFT).put("visitorId", visitor.id));
                }
            }
        }
    }

    /**
     * Closes every session, e.g. on shutdown ("going away") or when the site loses its node. Every session is marked
     * closed first: otherwise the first agent to leave told the visitors still connected that nobody was available
     * (their page showed the leave-a-message form while it reconnected), and every visitor leaving showed the agents
     * an empty site.
     */
    public void closeAll(short code, String reason) {
        invitations.saveBroadcast(); // before the node's writer drains
        var closing = List.copyOf(sessions);
        for (var session : closing) {
            session.closed = true;
        }
        for (var session : closing) {
            session.channel.close(code, reason);
            leave(session);
        }
    }

    /** New settings from the settings page: visitors see the widget change; disallowed hosts are cut off. */
    public void updateSite(Site updated) {
        this.site = updated;
        var frame = Frames.of("site.updated").put("site", widgetJson()).encode();
        for (var session : List.copyOf(sessions)) {
            if (session.isAgent()) {
                continue;
            }
            // No origin was judged at join (popup, non-browser client): none to re-judge, as a reconnect would pass.
            if (session.hostOrigin != null && !updated.allowsOrigin(session.hostOrigin)) {
                session.send(Frames.error("origin_not_allowed", "This website may no longer embed the chat.", null));
                session.channel.close((short) 1008, "origin not allowed");
                leave(session);
            } else {
                session.send(frame);
            }
        }
    }

    // ---- frames ----------------------------------------------------------------------------------------

    public void onFrame(Session session, Frame frame) {
        if (session.closed) {
            return;
        }
        var conversationId = conversationIdIn(frame);
        if (conversationId != null && !conversations.containsKey(conversationId)) {
            // Not in memory (older than what the hub loaded at start): fetch it, then handle the frame; if it does
            // not exist in this site the handlers answer not_found.
            loadConversation(conversationId).onComplete(ar -> dispatch(session, frame));
            return;
        }
        dispatch(session, frame);
    }

    private void dispatch(Session session, Frame frame) {
        if (session.closed) {
            return;
        }
        try {
            switch (frame) {
                case Frame.MessageSend send -> send(session, send);
                case Frame.ConversationResume resume -> resume(session, resume);
                case Frame.ConversationRead read -> markRead(session, read);
                case Frame.TypingSet typing -> setTyping(session, typing);
                case Frame.PageViewed viewed -> pageViewed(session, viewed.page());
                case Frame.PresenceSet presence -> setPresence(session, presence.status());
                case Frame.VisitorGet get -> visitorDetail(session, get.visitorId());
                case Frame.Ping ping -> session.send(Frames.of(Frames.PONG));
                case Frame.InvitationSend invite -> invitations.send(session, invite);
                case Frame.InvitationAnswer answer -> invitations.answer(session, answer);
                case Frame.VisitorIdentify identify -> identify(session, identify);
                case Frame.Hello hello -> throw new FrameException("bad_frame", "Already said hello.");
            }
        } catch (FrameException e) {
            session.send(Frames.error(e));
        }
    }

    private static String conversationIdIn(Frame frame) {
        return switch (frame) {
            case Frame.MessageSend send -> send.conversationId();
            case Frame.ConversationResume resume -> resume.conversationId();
            case Frame.ConversationRead read -> read.conversationId();
            case Frame.TypingSet typing -> typing.conversationId();
            default -> null;
        };
    }

    /** Loads one conversation of this site from the store into memory; concurrent asks share one query. */
    private Future<Void> loadConversation(String id) {
        var pending = loading.get(id);
        if (pending != null) {
            return pending;
        }
        Future<Void> load = blocking(() -> services.chats().conversation(site.id(), id)).map(row -> {
            row.ifPresent(this::adopt);
            return null;
        });
        loading.put(id, load);
        load.onComplete(ar -> loading.remove(id));
        return load;
    }

    private void adopt(dev.parley.chat.ConversationRow row) {
        if (conversations.containsKey(row.id())) {
            return;
        }
        var known = visitors.get(row.visitorId());
        var contactName = Contact.fromStored(row.visitorContact()).name();
        var conversation = ConversationState.fromRow(row, known != null ? known.name
                : contactName.isEmpty() ? visitorName(row.visitorId()) : contactName);
        conversation.loaded = null; // client ids are fetched on first send
        conversations.put(conversation.id, conversation);
        openByVisitor.putIfAbsent(conversation.visitorId, conversation);
    }

    private void send(Session session, Frame.MessageSend send) {
        ConversationState conversation;
        String authorType;
        String authorId;
        String authorName;
        if (session.isAgent()) {
            conversation = send.conversationId() == null ? null : conversations.get(send.conversationId());
            if (conversation == null) {
                throw new FrameException("not_found", "No such conversation.", send.clientId());
            }
            authorType = Message.AGENT;
            authorId = session.agent.id();
            authorName = session.agent.name();
        } else {
            var visitor = visitors.get(session.visitorId);
            conversation = send.conversationId() != null ? conversations.get(send.conversationId()) : openByVisitor.get(visitor.id);
            if (send.conversationId() != null && (conversation == null || !conversation.visitorId.equals(visitor.id))) {
                throw new FrameException("not_found", "No such conversation.", send.clientId());
            }
            if (conversation == null) {
                if (!prechatAnswered(visitor)) {
                    throw new FrameException("prechat_required", "Please fill in the form before starting the chat.", send.clientId());
                }
                conversation = startConversation(visitor, send.clientId());
            }
            authorType = Message.VISITOR;
            authorId = visitor.id;
            authorName = visitor.name;
        }
        var target = conversation;
        ensureLoaded(target).onComplete(ar -> {
            if (ar.failed()) {
                session.send(Frames.error("unavailable", "Temporarily unavailable; please retry.", send.clientId()));
                return;
            }
            append(session, target, authorType, authorId, authorName, send);
        });
    }

    ConversationState startConversation(VisitorState visitor, String clientId) {
        if (!services.writer().isHealthy()) {
            throw unavailable(clientId);
        }
        var probe = visitor.newConversations().tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw FrameException.rateLimited("You are starting conversations too fast.", probe.getNanosToWaitForRefill(), clientId);
        }
        long now = System.currentTimeMillis();
        var conversation = new ConversationState(Ids.newId("c"), visitor.id, visitor.name, now);
        if (!services.writer().submit(WriteOp.of(ChatStore.insertConversation(site.id(), conversation.id, visitor.id, now)))) {
            throw unavailable(clientId);
        }
        conversations.put(conversation.id, conversation);
        openByVisitor.put(visitor.id, conversation);
        toAgents(Frames.of(Frames.CONVERSATION_UPDATED).put("conversation", conversation.toJson()));
        invitations.conversationStarted(visitor);
        toAgents(visitorUpdated(visitor));
        return conversation;
    }

    /** Stores a message in an agent's name without a console behind it (an accepted invitation's text). */
    void appendOnBehalfOf(ConversationState conversation, String agentId, String agentName, String clientId, String text) {
        var key = agentId + " " + clientId;
        ensureLoaded(conversation).onSuccess(v -> {
            if (conversation.recentClientIds.containsKey(key) || conversation.pending.containsKey(key)) {
                return;
            }
            var op = new StoreMessage(conversation, new Message(conversation.id, 0, clientId, Message.AGENT, agentId,
                    agentName, text, System.currentTimeMillis()), key);
            if (services.writer().submit(op)) {
                conversation.pending.put(key, Boolean.TRUE);
            }
        });
    }

    private void append(Session session, ConversationState conversation, String authorType, String authorId,
                        String authorName, Frame.MessageSend send) {
        var key = authorId + " " + send.clientId();
        var done = conversation.recentClientIds.get(key);
        if (done != null) {
            session.send(ack(send.clientId(), conversation.id, done));
            return;
        }
        if (conversation.pending.containsKey(key)) {
            return; // the ack goes to every session of the author when it commits
        }
        if (!session.isAgent()) {
            var probe = visitors.get(authorId).messages().tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                session.send(Frames.error(FrameException.rateLimited("You are sending messages too fast.", probe.getNanosToWaitForRefill(), send.clientId())));
                return;
            }
        }
        var op = new StoreMessage(conversation, new Message(conversation.id, 0, send.clientId(), authorType, authorId,
                authorName, send.text(), System.currentTimeMillis()), key);
        if (!services.writer().submit(op)) {
            session.send(Frames.error(unavailable(send.clientId())));
            return;
        }
        conversation.pending.put(key, Boolean.TRUE);
    }

    /** Stores one message; its sequence number is taken inside the storing transaction (see ChatStore.appendMessage). */
    private final class StoreMessage implements dev.parley.store.CombinableOp {
        private final ConversationState conversation;
        private final String key;
        private final Message draft;
        private volatile Message message;

        StoreMessage(ConversationState conversation, Message draft, String key) {
            this.conversation = conversation;
            this.draft = draft;
            this.message = draft;
            this.key = key;
        }

        @Override
        public void apply(java.sql.Connection connection) throws SQLException {
            message = ChatStore.appendMessage(connection, site.id(), draft);
        }

        @Override
        public void applyCombined(java.sql.Connection connection, List<dev.parley.store.CombinableOp> ops) throws SQLException {
            var drafts = new ArrayList<ChatStore.Draft>(ops.size());
            for (var op : ops) {
                var m = (StoreMessage) op;
                drafts.add(new ChatStore.Draft(m.siteId(), m.draft));
            }
            var stored = ChatStore.appendMessages(connection, drafts);
            for (int i = 0; i < ops.size(); i++) {
                ((StoreMessage) ops.get(i)).message = stored.get(i);
            }
        }

        private String siteId() {
            return site.id();
        }

        @Override
        public void committed() {
            var committed = message;
            execute(() -> onCommitted(conversation, committed, key));
        }

        @Override
        public void delayed() {
            execute(() -> toAuthor(message.authorId(), Frames.error(unavailable(message.clientId())).encode()));
        }

        @Override
        public void failed(Exception cause) {
            execute(() -> onRejected(conversation, message, key));
        }
    }

    private void onCommitted(ConversationState conversation, Message m, String key) {
        conversation.pending.remove(key);
        conversation.recentClientIds.put(key, new ConversationState.Ack(m.seq(), m.at()));
        conversation.lastSeq = m.seq();
        conversation.updatedAt = m.at();
        conversation.lastText = m.text();
        conversation.lastAt = m.at();
        conversation.lastAuthorType = m.authorType();
        if (Message.VISITOR.equals(m.authorType())) {
            conversation.unreadVisitorSeqs.addLast(m.seq());
        }
        clearTyping(conversation.id, m.authorId()); // the indicator goes as the message arrives
        toAuthor(m.authorId(), ack(m.clientId(), conversation.id, new ConversationState.Ack(m.seq(), m.at())).encode());
        var created = Frames.of(Frames.MESSAGE_CREATED).mergeIn(m.toJson()).encode();
        toVisitor(conversation.visitorId, created);
        toAgents(created);
        toAgents(Frames.of(Frames.CONVERSATION_UPDATED).put("conversation", conversation.toJson()));
    }

    /** The store refused the insert. A duplicate client id from beyond the in-memory window gets its old ack. */
    private void onRejected(ConversationState conversation, Message m, String key) {
        conversation.pending.remove(key);
        blocking(() -> services.chats().recentClientIds(site.id(), conversation.id, Integer.MAX_VALUE).get(key))
                .onComplete(ar -> {
                    if (ar.succeeded() && ar.result() != null) {
                        toAuthor(m.authorId(), ack(m.clientId(), conversation.id, new ConversationState.Ack(ar.result().seq(), ar.result().at())).encode());
                    } else {
                        toAuthor(m.authorId(), Frames.error("unavailable", "The message could not be stored; please retry.", m.clientId()).encode());
                    }
                });
    }

    private Future<Void> ensureLoaded(ConversationState conversation) {
        if (conversation.loaded == null) {
            conversation.loaded = blocking(() -> services.chats().recentClientIds(site.id(), conversation.id, ConversationState.CLIENT_ID_WINDOW))
                    .map(ids -> {
                        ids.forEach((k, stored) -> conversation.recentClientIds.put(k, new ConversationState.Ack(stored.seq(), stored.at())));
                        return (Void) null;
                    })
                    .onFailure(e -> conversation.loaded = null);
        }
        return conversation.loaded;
    }

    private void resume(Session session, Frame.ConversationResume resume) {
        var conversation = conversations.get(resume.conversationId());
        if (conversation == null || (!session.isAgent() && !conversation.visitorId.equals(session.visitorId))) {
            session.send(Frames.error("not_found", "No such conversation.", null).put("conversationId", resume.conversationId()));
            return;
        }
        blocking(() -> services.chats().messagesAfter(site.id(), conversation.id, resume.afterSeq(), ChatStore.HISTORY_PAGE))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        session.send(Frames.error("unavailable", "History is temporarily unavailable; please retry.", null)
                                .put("conversationId", conversation.id));
                        return;
                    }
                    var messages = new JsonArray();
                    long last = 0;
                    for (var m : ar.result()) {
                        messages.add(m.toJson());
                        last = m.seq();
                    }
                    session.send(Frames.of(Frames.CONVERSATION_HISTORY)
                            .put("conversationId", conversation.id)
                            .put("messages", messages)
                            .put("lastSeq", Math.max(conversation.lastSeq, last))
                            .put("complete", ar.result().size() < ChatStore.HISTORY_PAGE));
                });
    }

    private void markRead(Session session, Frame.ConversationRead read) {
        if (!session.isAgent()) {
            throw new FrameException("forbidden", "Only agents mark conversations read.");
        }
        var conversation = conversations.get(read.conversationId());
        if (conversation == null) {
            throw new FrameException("not_found", "No such conversation.");
        }
        long seq = Math.min(read.seq(), conversation.lastSeq);
        if (seq <= conversation.agentReadSeq && conversation.unread() == 0) {
            return;
        }
        conversation.markRead(seq);
        services.writer().submitQuietly(WriteOp.of(ChatStore.updateAgentReadSeq(site.id(), conversation.id, seq)));
        toAgents(Frames.of(Frames.CONVERSATION_UPDATED).put("conversation", conversation.toJson()));
    }

    private void setTyping(Session session, Frame.TypingSet typing) {
        ConversationState conversation;
        JsonObject author;
        String authorId;
        if (session.isAgent()) {
            conversation = typing.conversationId() == null ? null : conversations.get(typing.conversationId());
            authorId = session.agent.id();
            author = new JsonObject().put("type", Message.AGENT).put("id", authorId).put("name", session.agent.name());
        } else {
            conversation = openByVisitor.get(session.visitorId);
            authorId = session.visitorId;
            author = new JsonObject().put("type", Message.VISITOR).put("id", authorId).put("name", visitors.get(authorId).name);
        }
        if (conversation == null) {
            if (session.isAgent()) {
                throw new FrameException("not_found", "No such conversation.");
            }
            return; // a visitor typing before the first message: nobody to tell yet
        }
        var key = conversation.id + " " + authorId;
        boolean wasTyping = typingUntil.containsKey(key);
        if (typing.typing()) {
            typingUntil.put(key, System.currentTimeMillis() + TYPING_TTL_MILLIS);
        } else {
            typingUntil.remove(key);
        }
        if (wasTyping != typing.typing()) {
            announceTyping(conversation, author, typing.typing(), session);
        }
    }

    private void announceTyping(ConversationState conversation, JsonObject author, boolean typing, Session except) {
        var frame = Frames.of(Frames.TYPING_CHANGED).put("conversationId", conversation.id).put("author", author)
                .put("typing", typing).encode();
        // Those involved are the agents and the conversation's visitor: not every session of the site, which cost
        // O(online visitors) per keystroke burst.
        String authorId = author.getString("id");
        for (var agent : agents.values()) {
            if (!agent.agent.id().equals(authorId)) {
                sendExcept(agent.sessions, frame, except);
            }
        }
        var visitor = visitors.get(conversation.visitorId);
        if (visitor != null && !visitor.id.equals(authorId)) {
            sendExcept(visitor.sessions, frame, except);
        }
    }

    private static void sendExcept(List<Session> targets, String frame, Session except) {
        for (var s : targets) {
            if (s != except) {
                s.send(frame);
            }
        }
    }

    private void clearTyping(String conversationId, String authorId) {
        var key = conversationId + " " + authorId;
        if (typingUntil.remove(key) != null) {
            var conversation = conversations.get(conversationId);
            if (conversation != null) {
                announceTyping(conversation, typingAuthor(authorId), false, null);
            }
        }
    }

    private void clearTyping(String authorId) {
        for (var key : List.copyOf(typingUntil.keySet())) {
            if (key.endsWith(" " + authorId)) {
                clearTyping(key.substring(0, key.indexOf(' ')), authorId);
            }
        }
    }

    private JsonObject typingAuthor(String authorId) {
        var agent = agents.get(authorId);
        if (agent != null) {
            return new JsonObject().put("type", Message.AGENT).put("id", authorId).put("name", agent.agent.name());
        }
        var visitor = visitors.get(authorId);
        return new JsonObject().put("type", Message.VISITOR).put("id", authorId).put("name", visitor == null ? "" : visitor.name);
    }

    private void pageViewed(Session session, PageView page) {
        if (session.isAgent()) {
            throw new FrameException("forbidden", "Only visitors report page views.");
        }
        var visitor = visitors.get(session.visitorId);
        if (recordPageView(visitor, page)) {
            announcePageView(visitor);
        }
    }

    /**
     * Within the visitor's page-view budget a new page is stored and added to the trail. Beyond it, quietly (the embed
     * reports navigation by itself; there is nobody to tell), it only replaces the newest page of the trail, so agents
     * still see where the visitor is, and nothing is stored. Returns whether the visitor's current page changed.
     */
    private boolean recordPageView(VisitorState visitor, PageView page) {
        if (!visitor.trail.isNewPage(page)) {
            return false;
        }
        if (!visitor.tryRecordPageView(System.currentTimeMillis())) {
            return visitor.trail.moveTo(page);
        }
        visitor.trail.view(page);
        services.writer().submitQuietly(WriteOp.of(TrackingStore.insertPageView(site.id(), visitor.id, page)));
        return true;
    }

    /** Sends agents the visitor now, or, within {@link #PAGE_ANNOUNCE_MILLIS} of the last time, from the sweep. */
    private void announcePageView(VisitorState visitor) {
        long now = System.currentTimeMillis();
        if (now - visitor.pageAnnouncedAt >= PAGE_ANNOUNCE_MILLIS) {
            visitor.pageAnnouncedAt = now;
            pageAnnouncementsDue.remove(visitor.id);
            toAgents(visitorUpdated(visitor));
        } else {
            pageAnnouncementsDue.add(visitor.id);
        }
    }

    private void announceDuePageViews(long now) {
        pageAnnouncementsDue.removeIf(id -> {
            var visitor = visitors.get(id);
            if (visitor == null || !visitor.isOnline()) {
                return true; // visitor.left said the rest
            }
            if (now - visitor.pageAnnouncedAt < PAGE_ANNOUNCE_MILLIS) {
                return false;
            }
            visitor.pageAnnouncedAt = now;
            toAgents(visitorUpdated(visitor));
            return true;
        });
    }

    /**
     * {@code visitor.get}: the visitor as in the list plus the pages of this visit and their past conversations. An
     * online or recently seen visitor comes from memory, any other visitor of this site from the store; anything else
     * (another site's visitor included) is not_found.
     */
    private void visitorDetail(Session session, String visitorId) {
        if (!session.isAgent()) {
            throw new FrameException("forbidden", "Only agents look up visitors.");
        }
        var inMemory = visitors.get(visitorId);
        blocking(() -> new VisitorLookup(
                inMemory == null ? services.visits().visit(site.id(), visitorId, VisitTrail.MAX_PAGES).orElse(null) : null,
                services.chats().conversationsOfVisitor(site.id(), visitorId, PAST_CONVERSATIONS)))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        session.send(Frames.error("unavailable", "Visitor details are temporarily unavailable; please retry.", null)
                                .put("visitorId", visitorId));
                        return;
                    }
                    var visitor = visitors.get(visitorId);
                    if (visitor == null && ar.result().visit() != null) {
                        visitor = newVisitor(visitorId); // a detached view of a visitor the hub does not hold
                        visitor.trail.restore(ar.result().visit());
                        visitor.onlineSince = visitor.trail.visitStartedAt();
                    }
                    if (visitor == null) {
                        session.send(Frames.error("not_found", "No such visitor.", null).put("visitorId", visitorId));
                        return;
                    }
                    var past = new JsonArray();
                    for (var row : ar.result().conversations()) {
                        var live = conversations.get(row.id());
                        past.add(live != null ? live.toJson() : ConversationState.fromRow(row, visitor.name).toJson());
                    }
                    session.send(Frames.of(Frames.VISITOR_DETAIL)
                            .put("visitor", visitor.toJson(conversationIdOf(visitorId)))
                            .put("pages", visitor.trail.pagesJson())
                            .put("conversations", past));
                });
    }

    private record VisitorLookup(StoredVisit visit, List<ConversationRow> conversations) {
    }

    private void identify(Session session, Frame.VisitorIdentify identify) {
        if (session.isAgent()) {
            throw new FrameException("forbidden", "Only visitors fill in the pre-chat form.");
        }
        if (!prechat.isShown()) {
            throw new FrameException("forbidden", "This site asks for no details before a chat.");
        }
        var probe = visitors.get(session.visitorId).identifies().tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw FrameException.rateLimited("You are sending the form too often.", probe.getNanosToWaitForRefill(), null);
        }
        Contact contact;
        try {
            contact = Contact.validate(prechat, identify.answers());
        } catch (Contact.InvalidAnswers e) {
            session.send(Frames.error("invalid_field", e.getMessage(), null).put("field", e.field()));
            return;
        }
        var visitor = visitors.get(session.visitorId);
        visitor.identify(contact);
        services.writer().submitQuietly(WriteOp.of(ContactStore.save(site.id(), visitor.id, contact)));
        toVisitor(visitor.id, Frames.of(Frames.VISITOR_IDENTIFIED).put("contact", contact.toJson()).encode());
        for (var conversation : conversations.values()) {
            if (conversation.visitorId.equals(visitor.id) && !conversation.visitorName.equals(visitor.name)) {
                conversation.visitorName = visitor.name;
                toAgents(Frames.of(Frames.CONVERSATION_UPDATED).put("conversation", conversation.toJson()));
            }
        }
        toAgents(visitorUpdated(visitor));
    }

    /** True when the site asks nothing required, or every required field has an answer. */
    private boolean prechatAnswered(VisitorState visitor) {
        if (!prechat.requiresAnswers()) {
            return true;
        }
        if (visitor.contact == null) {
            return false;
        }
        var answers = visitor.contact.toJson();
        for (var field : PrechatForm.FIELD_NAMES) {
            if (prechat.mode(field) == PrechatForm.Mode.REQUIRED && answers.getString(field, "").isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** New auto-invite rules from the settings page: they apply from the next sweep, no restart. */
    public void updateInviteRules(AutoInviteRules rules) {
        invitations.setRules(rules);
    }

    /** A new pre-chat form: visitors' pages get it with site.updated. */
    public void updatePrechat(PrechatForm form) {
        prechat = form;
        updateSite(site);
    }

    private void setPresence(Session session, String status) {
        if (!session.isAgent()) {
            throw new FrameException("forbidden", "Only agents set presence.");
        }
        var state = agents.get(session.agent.id());
        state.status = status;
        toAgents(presenceChanged(state));
        announceAvailability();
    }

    // ---- availability, sweeping ----------------------------------------------------------------------

    static final String NO_AGENTS = "no_agents";
    static final String CLOSED = "closed";

    /** At least one agent online and within the site's business hours (always, when none are configured). */
    boolean isAvailable() {
        return unavailableReason() == null;
    }

    /** Why visitors cannot chat now: {@code "closed"} (outside business hours), {@code "no_agents"}, or null. */
    String unavailableReason() {
        if (!hours.isOpen(services.settings().mail().clock().instant())) {
            return CLOSED;
        }
        for (var a : agents.values()) {
            if (a.isAvailable()) {
                return null;
            }
        }
        return NO_AGENTS;
    }

    private void announceAvailability() {
        var reason = unavailableReason();
        if (java.util.Objects.equals(reason, announcedReason)) {
            return;
        }
        announcedReason = reason;
        var frame = Frames.of(Frames.AGENTS_STATUS).put("online", reason == null).put("reason", reason).encode();
        for (var s : sessions) {
            if (!s.isAgent()) {
                s.send(frame);
            }
        }
    }

    /** New business hours (settings page, or loaded at start): visitors flip at once if that changes anything. */
    public void updateHours(dev.parley.hours.BusinessHours updated) {
        hours = updated;
        armHoursTimer();
        announceAvailability();
    }

    /** One timer for the next opening or closing; re-armed when it fires, so nothing polls. */
    private void armHoursTimer() {
        if (hoursTimer >= 0) {
            vertx.cancelTimer(hoursTimer);
            hoursTimer = -1;
        }
        var clock = services.settings().mail().clock();
        var next = hours.nextChange(clock.instant());
        if (next == null) {
            return;
        }
        // Capped at a day so a jump of the system clock is corrected within a day at worst.
        long delay = Math.max(1, Math.min(next.toEpochMilli() - clock.millis() + 1, 24L * 3600 * 1000));
        hoursTimer = vertx.setTimer(delay, id -> {
            hoursTimer = -1;
            armHoursTimer();
            announceAvailability();
        });
    }

    /** Sends a frame to every agent console of the site (left messages use it: they are written outside the hub). */
    public void announceToAgents(JsonObject frame) {
        toAgents(frame);
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        for (var entry : List.copyOf(typingUntil.entrySet())) {
            if (entry.getValue() < now) {
                var key = entry.getKey();
                int space = key.indexOf(' ');
                clearTyping(key.substring(0, space), key.substring(space + 1));
            }
        }
        invitations.applyRules(now);
        announceDuePageViews(now);
        if (now - lastIdleCheck < 5000) {
            return;
        }
        lastIdleCheck = now;
        long idleLimit = services.settings().idleTimeout().toMillis();
        for (var session : List.copyOf(sessions)) {
            if (now - session.lastFrameAt() > idleLimit) {
                session.channel.close((short) 1001, "idle timeout");
                leave(session);
            }
        }
        visitors.values().removeIf(v -> !v.isOnline() && (now - v.offlineSince > FORGET_OFFLINE_VISITOR_MILLIS
                || now - v.offlineSince > FORGET_IDLE_VISITOR_MILLIS && canForgetEarly(v)));
    }

    private boolean canForgetEarly(VisitorState v) {
        var s = services.settings();
        return !openByVisitor.containsKey(v.id) && v.invitation == null
                && v.pageViewBudgetFull(System.currentTimeMillis())
                && v.limitsAtRest(s.visitorMessagesPerWindow(), s.newConversationsPerHour());
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private VisitorState newVisitor(String id) {
        return new VisitorState(id, messageLimit, conversationLimit);
    }

    /** One factory per hub for the visitors' rate limits, which are made when first needed. */
    private final java.util.function.Supplier<Bucket> messageLimit = this::newMessageLimit;
    private final java.util.function.Supplier<Bucket> conversationLimit = this::newConversationLimit;

    private Bucket newMessageLimit() {
        var s = services.settings();
        return Bucket.builder().addLimit(limit -> limit.capacity(s.visitorMessagesPerWindow())
                .refillGreedy(s.visitorMessagesPerWindow(), s.visitorMessageWindow())).build();
    }

    private Bucket newConversationLimit() {
        var s = services.settings();
        return Bucket.builder().addLimit(limit -> limit.capacity(s.newConversationsPerHour())
                .refillGreedy(s.newConversationsPerHour(), Duration.ofHours(1))).build();
    }

    private String conversationIdOf(String visitorId) {
        var c = openByVisitor.get(visitorId);
        return c == null ? null : c.id;
    }

    // ---- for Invitations (same context) ----------------------------------------------------------------

    VisitorState visitor(String visitorId) {
        return visitors.get(visitorId);
    }

    List<VisitorState> onlineVisitors() {
        var online = new ArrayList<VisitorState>();
        for (var v : visitors.values()) {
            if (v.isOnline()) {
                online.add(v);
            }
        }
        return online;
    }

    boolean hasOpenConversation(String visitorId) {
        return openByVisitor.containsKey(visitorId);
    }

    ConversationState openConversationOf(String visitorId) {
        return openByVisitor.get(visitorId);
    }

    String siteId() {
        return site.id();
    }

    void writeQuietly(WriteOp.Sql sql) {
        services.writer().submitQuietly(WriteOp.of(sql));
    }

    AgentState agentState(String agentId) {
        return agents.get(agentId);
    }

    Agent anyAvailableAgent() {
        for (var a : agents.values()) {
            if (a.isAvailable()) {
                return a.agent;
            }
        }
        return null;
    }

    boolean isReturning(VisitorState visitor) {
        return visitor.trail.visitCount() > 1;
    }

    JsonObject visitorUpdated(VisitorState visitor) {
        return Frames.of(Frames.VISITOR_UPDATED).put("visitor", visitor.toJson(conversationIdOf(visitor.id)));
    }

    private JsonObject presenceChanged(AgentState state) {
        return Frames.of(Frames.PRESENCE_CHANGED).put("agentId", state.agent.id()).put("name", state.agent.name())
                .put("status", state.sessions.isEmpty() ? "offline" : state.status);
    }

    private JsonObject widgetJson() {
        return new JsonObject().put("name", site.name()).put("greeting", site.greeting()).put("color", site.color())
                .put("prechat", prechat.isShown() ? prechat.toJson() : null);
    }

    private static JsonObject ack(String clientId, String conversationId, ConversationState.Ack ack) {
        return Frames.of(Frames.MESSAGE_ACK).put("clientId", clientId).put("conversationId", conversationId)
                .put("seq", ack.seq()).put("at", ack.at());
    }

    private static String visitorName(String visitorId) {
        return VisitorState.defaultName(visitorId);
    }

    void toAgents(JsonObject frame) {
        toAgents(frame.encode());
    }

    private void toAgents(String frame) {
        // Through the agents' own session lists: scanning every session of the site cost O(online visitors) per
        // frame, and each message sends two frames to the agents (bench S2: 11,000 sessions scanned per message).
        for (var agent : agents.values()) {
            for (var s : agent.sessions) {
                s.send(frame);
            }
        }
    }

    void toVisitor(String visitorId, String frame) {
        var visitor = visitors.get(visitorId);
        if (visitor != null) {
            for (var s : visitor.sessions) {
                s.send(frame);
            }
        }
    }

    private void toAuthor(String authorId, String frame) {
        var agent = agents.get(authorId);
        var targets = agent != null ? agent.sessions : visitors.containsKey(authorId) ? visitors.get(authorId).sessions : List.<Session>of();
        for (var s : new ArrayList<>(targets)) {
            s.send(frame);
        }
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    private static FrameException unavailable(String clientId) {
        return new FrameException("unavailable", "Temporarily unavailable; your message will be retried.", clientId);
    }
}
