// Console state: what the server told us (visitors, conversations, message threads) plus the
// agent's own unconfirmed messages. Pure data and rules, no DOM and no network, so it runs under
// `node --test`. Display order is the server's `seq`; client clocks never decide anything here.

const TYPING_TTL_MS = 7000;
const MAX_DETAIL_PAGES = 50; // as many as the server keeps per visit // the server clears typing after 6 s; a missed "false" must not stick

/** Messages of one conversation that the agent has opened, keyed by seq. */
export class Thread {
  constructor(conversationId) {
    this.conversationId = conversationId;
    this.bySeq = new Map();
    this.clientIds = new Set();
    /** Highest seq such that every message 1..seq is known (or known not to exist). */
    this.contiguousSeq = 0;
    this.maxSeq = 0;
    /** afterSeq of the conversation.resume we are waiting for, or null. */
    this.resumeInFlight = null;
    this.resumeSentAt = 0;
    this.sorted = [];
    this.sortedIsStale = false;
  }

  /** Adds a message unless its seq or clientId is already known. Returns true if added. */
  insert(message) {
    const seq = message.seq;
    if (!Number.isInteger(seq) || seq < 1 || this.bySeq.has(seq)) return false;
    if (message.clientId && this.clientIds.has(message.clientId)) return false;
    this.bySeq.set(seq, message);
    if (message.clientId) this.clientIds.add(message.clientId);
    if (seq > this.maxSeq) this.maxSeq = seq;
    this.advanceContiguous();
    this.sortedIsStale = true;
    return true;
  }

  /** A complete history answer means nothing up to lastSeq is missing, even if seqs were skipped. */
  knownThrough(lastSeq) {
    if (Number.isInteger(lastSeq) && lastSeq > this.contiguousSeq) {
      this.contiguousSeq = lastSeq;
      if (lastSeq > this.maxSeq) this.maxSeq = lastSeq;
      this.advanceContiguous();
    }
  }

  advanceContiguous() {
    while (this.bySeq.has(this.contiguousSeq + 1)) this.contiguousSeq++;
  }

  hasGap() {
    return this.maxSeq > this.contiguousSeq;
  }

  hasClientId(clientId) {
    return this.clientIds.has(clientId);
  }

  messages() {
    if (this.sortedIsStale) {
      this.sorted = [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
      this.sortedIsStale = false;
    }
    return this.sorted;
  }

  lastSeq() {
    return this.contiguousSeq;
  }
}

/**
 * Outbox status of an own message: `sending` (sent or waiting for a connection), `retrying`
 * (server said unavailable / rate limited; will resend), `failed` (server refused; not resent).
 * `acked` means the server committed it; it stays visible until its message.created arrives.
 */
function newPending({ clientId, conversationId, text, createdAt }) {
  return { clientId, conversationId, text, status: 'sending', error: null, acked: false, attempts: 0, lastSentAt: 0, retryAt: 0, createdAt };
}

export class ConsoleStore {
  constructor() {
    this.listeners = new Set();
    this.agent = null;
    this.site = null;
    this.visitors = new Map();
    this.sortedVisitors = null; // visitorList() cache: thousands of visitors are not re-sorted every render
    /** The visitor detail panel: {visitorId, status: 'loading'|'ready'|'error', code, visitor, pages, conversations}. */
    this.visitorDetail = null;
    this.conversations = new Map();
    this.threads = new Map();
    this.pending = new Map();
    this.typing = new Map(); // conversationId -> Map(authorKey -> {author, until})
    this.notices = new Map(); // conversationId -> {code, retryAfterMs?}
    this.globalNotice = null;
    this.connection = 'connecting'; // connecting | online | reconnecting
    this.lastBroadcast = null; // {seq, agentId, text, count}: the newest invitation.sent summary of a broadcast
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed() {
    for (const listener of this.listeners) listener(this);
  }

  // ---- session -------------------------------------------------------------------------------

  setIdentity(agent, site) {
    if (agent) this.agent = { ...this.agent, ...agent };
    if (site) this.site = { ...this.site, ...site };
    this.changed();
  }

  setConnection(state) {
    if (this.connection === state) return;
    this.connection = state;
    this.changed();
  }

  /** A welcome is a full snapshot of visitors and conversations; threads are kept and resumed. */
  applyWelcome(welcome) {
    this.agent = { ...welcome.agent };
    this.site = { ...welcome.site };
    this.visitors = new Map();
    this.sortedVisitors = null;
    for (const visitor of welcome.visitors ?? []) {
      if (visitor && visitor.id && visitor.online !== false) this.visitors.set(visitor.id, visitor);
    }
    this.conversations = new Map();
    for (const conversation of welcome.conversations ?? []) {
      if (conversation && conversation.id) this.conversations.set(conversation.id, conversation);
    }
    this.typing.clear();
    this.globalNotice = null;
    this.changed();
  }

  setOwnStatus(status) {
    if (!this.agent || this.agent.status === status) return;
    this.agent = { ...this.agent, status };
    this.changed();
  }

  // ---- visitors ------------------------------------------------------------------------------

  upsertVisitor(visitor) {
    if (!visitor || !visitor.id) return;
    if (visitor.online === false) {
      this.visitors.delete(visitor.id);
      this.sortedVisitors = null;
      this.followInDetail(visitor);
    } else {
      this.setVisitor(visitor);
    }
    this.changed();
  }

  /**
   * A broadcast's summary (invitation.sent with text): every listed visitor now has a pending invitation. The server
   * sends this one frame instead of a visitor.updated per visitor; later answers arrive as visitor.updated.
   */
  applyInvitationsSent(frame) {
    if (!Array.isArray(frame?.visitorIds) || typeof frame.text !== 'string') return;
    // Counted, so the agent who sent it can tell the summary of their broadcast came back, and how many it reached.
    this.lastBroadcast = { seq: (this.lastBroadcast?.seq ?? 0) + 1, agentId: frame.agent?.id ?? null, text: frame.text, count: frame.visitorIds.length };
    for (const id of frame.visitorIds) {
      const visitor = this.visitors.get(id);
      if (!visitor) continue;
      const invitation = { text: frame.text, agent: frame.agent, status: 'sent', visitorId: id, auto: false };
      this.setVisitor({ ...visitor, invitation });
    }
    this.changed(); // once, also when it reached nobody listed here: the sender's form waits for it
  }

  /** Stores an online visitor without telling the views; the caller does, once. */
  setVisitor(visitor) {
    this.visitors.set(visitor.id, visitor);
    this.sortedVisitors = null;
    this.followInDetail(visitor);
  }

  removeVisitor(visitorId) {
    if (!this.visitors.delete(visitorId)) return;
    this.sortedVisitors = null;
    const detail = this.visitorDetail;
    if (detail?.visitorId === visitorId && detail.visitor) detail.visitor = { ...detail.visitor, online: false };
    this.changed();
  }

  /** Newest arrivals first, so a new visitor is noticed. Cached until the set of visitors changes. */
  visitorList() {
    this.sortedVisitors ??= [...this.visitors.values()].sort((a, b) => (b.onlineSince ?? 0) - (a.onlineSince ?? 0) || compareText(a.id, b.id));
    return this.sortedVisitors;
  }

  // ---- visitor detail ------------------------------------------------------------------------

  openVisitorDetail(visitorId) {
    const known = this.visitors.get(visitorId) ?? null;
    this.visitorDetail = { visitorId, status: 'loading', code: null, visitor: known, pages: [], conversations: [] };
    this.changed();
  }

  closeVisitorDetail() {
    if (!this.visitorDetail) return;
    this.visitorDetail = null;
    this.changed();
  }

  applyVisitorDetail(frame) {
    const visitorId = frame.visitor?.id;
    if (!visitorId || this.visitorDetail?.visitorId !== visitorId) return;
    const live = this.visitors.get(visitorId);
    this.visitorDetail = {
      visitorId,
      status: 'ready',
      code: null,
      visitor: live ?? frame.visitor,
      pages: Array.isArray(frame.pages) ? frame.pages : [],
      conversations: Array.isArray(frame.conversations) ? frame.conversations : [],
    };
    this.changed();
  }

  visitorDetailFailed(visitorId, code) {
    if (this.visitorDetail?.visitorId !== visitorId) return;
    this.visitorDetail = { ...this.visitorDetail, status: 'error', code };
    this.changed();
  }

  /** A live visitor.updated keeps an open detail current: a new page is added to "pages this visit". */
  followInDetail(visitor) {
    const detail = this.visitorDetail;
    if (detail?.visitorId !== visitor.id) return;
    detail.visitor = visitor;
    const page = visitor.page;
    const last = detail.pages[detail.pages.length - 1];
    if (detail.status === 'ready' && page?.url && (!last || last.url !== page.url || last.title !== page.title)) {
      detail.pages = [...detail.pages, { url: page.url, title: page.title ?? '', at: page.at }].slice(-MAX_DETAIL_PAGES);
    }
  }

  isVisitorOnline(visitorId) {
    return this.visitors.has(visitorId);
  }

  // ---- conversations -------------------------------------------------------------------------

  upsertConversation(conversation) {
    if (!conversation || !conversation.id) return;
    this.conversations.set(conversation.id, { ...this.conversations.get(conversation.id), ...conversation });
    this.followConversationInDetail(conversation);
    this.changed();
  }

  /** The open visitor detail lists that visitor's conversations: a new or changed one shows there at once. */
  followConversationInDetail(conversation) {
    const detail = this.visitorDetail;
    if (!detail || detail.status !== 'ready' || conversation.visitorId !== detail.visitorId) return;
    const others = detail.conversations.filter((c) => c.id !== conversation.id);
    const known = detail.conversations.find((c) => c.id === conversation.id);
    this.visitorDetail = { ...detail, conversations: [{ ...known, ...conversation }, ...others] };
  }

  /** Most recent activity first. */
  conversationList() {
    return [...this.conversations.values()].sort((a, b) => lastActivity(b) - lastActivity(a) || compareText(a.id, b.id));
  }

  totalUnread() {
    let total = 0;
    for (const conversation of this.conversations.values()) total += conversation.unread > 0 ? conversation.unread : 0;
    return total;
  }

  markReadLocally(conversationId, seq) {
    const conversation = this.conversations.get(conversationId);
    if (conversation && conversation.unread > 0 && seq >= (conversation.lastSeq ?? 0)) {
      this.conversations.set(conversationId, { ...conversation, unread: 0 });
      this.changed();
    }
  }

  // ---- threads -------------------------------------------------------------------------------

  /** Starts holding messages for a conversation; returns the new (empty) thread. */
  openThread(conversationId) {
    const thread = new Thread(conversationId);
    this.threads.set(conversationId, thread);
    this.changed();
    return thread;
  }

  /** Forgets the messages of a closed panel; its unsent messages stay in the outbox. */
  closeThread(conversationId) {
    this.threads.delete(conversationId);
    this.notices.delete(conversationId);
    this.changed();
  }

  thread(conversationId) {
    return this.threads.get(conversationId) ?? null;
  }

  /**
   * Records a live message.created. Returns {inserted, gap}: `gap` is true when the thread now
   * misses messages before this one and the caller should resume it.
   */
  applyMessageCreated(message) {
    const { conversationId } = message;
    this.settlePending(message.clientId);
    this.noteConversationActivity(message);
    if (message.author?.type === 'visitor') this.clearTyping(conversationId, 'visitor');
    const thread = this.threads.get(conversationId);
    let inserted = false;
    if (thread) inserted = thread.insert(message);
    this.changed();
    return { inserted, gap: Boolean(thread && thread.hasGap()) };
  }

  /** Merges a conversation.history answer. Returns the thread (or null if the panel was closed). */
  applyHistory(history) {
    const thread = this.threads.get(history.conversationId);
    if (!thread) return null;
    for (const message of history.messages ?? []) {
      if (thread.insert(message)) this.settlePending(message.clientId);
    }
    const requestedAfter = thread.resumeInFlight;
    thread.resumeInFlight = null;
    // Everything after the requested seq up to lastSeq has been sent, so seqs not sent do not exist.
    const first = history.messages?.[0];
    const answersOurRequest = requestedAfter !== null && (!first || first.seq === requestedAfter + 1);
    if (history.complete !== false && answersOurRequest) {
      thread.knownThrough(history.lastSeq);
    }
    const conversation = this.conversations.get(history.conversationId);
    if (conversation && Number.isInteger(history.lastSeq) && history.lastSeq > (conversation.lastSeq ?? 0)) {
      this.conversations.set(conversation.id, { ...conversation, lastSeq: history.lastSeq });
    }
    this.changed();
    return thread;
  }

  noteConversationActivity(message) {
    const existing = this.conversations.get(message.conversationId);
    const preview = { text: message.text, at: message.at, authorType: message.author?.type ?? 'system' };
    if (!existing) {
      const byVisitor = message.author?.type === 'visitor';
      this.conversations.set(message.conversationId, {
        id: message.conversationId,
        visitorId: byVisitor ? message.author.id : null,
        visitorName: byVisitor ? message.author.name : '',
        lastSeq: message.seq,
        unread: 0,
        lastMessage: preview,
        createdAt: message.at,
      });
    } else if (message.seq > (existing.lastSeq ?? 0)) {
      this.conversations.set(existing.id, { ...existing, lastSeq: message.seq, lastMessage: preview });
    }
  }

  // ---- own messages (outbox) -----------------------------------------------------------------

  addPending(fields) {
    const pending = newPending(fields);
    this.pending.set(pending.clientId, pending);
    this.changed();
    return pending;
  }

  updatePending(clientId, changes) {
    const pending = this.pending.get(clientId);
    if (!pending) return null;
    Object.assign(pending, changes);
    this.changed();
    return pending;
  }

  /** The server committed the message. Keep it visible until message.created replaces it. */
  applyAck(ack) {
    const pending = this.pending.get(ack.clientId);
    if (!pending) return;
    const thread = this.threads.get(pending.conversationId);
    if (thread && thread.hasClientId(ack.clientId)) {
      this.pending.delete(ack.clientId);
    } else {
      Object.assign(pending, { acked: true, status: 'sending', error: null, retryAt: 0 });
    }
    this.changed();
  }

  settlePending(clientId) {
    if (clientId) this.pending.delete(clientId);
  }

  removePending(clientId) {
    if (this.pending.delete(clientId)) this.changed();
  }

  /** Messages to (re)send: not acked and not refused, oldest first. */
  outbox() {
    return [...this.pending.values()].filter((p) => !p.acked && p.status !== 'failed');
  }

  pendingFor(conversationId) {
    return [...this.pending.values()].filter((p) => p.conversationId === conversationId);
  }

  // ---- typing --------------------------------------------------------------------------------

  applyTyping({ conversationId, author, typing }, now) {
    if (!conversationId || !author) return;
    const key = typingKey(author);
    let authors = this.typing.get(conversationId);
    if (typing) {
      if (!authors) this.typing.set(conversationId, (authors = new Map()));
      authors.set(key, { author, until: now + TYPING_TTL_MS });
    } else if (authors) {
      authors.delete(key);
    }
    this.changed();
  }

  clearTyping(conversationId, authorType) {
    const authors = this.typing.get(conversationId);
    if (!authors) return;
    for (const [key, entry] of authors) if (entry.author.type === authorType) authors.delete(key);
  }

  /** Drops typing states whose renewal never came. Returns true if anything changed. */
  expireTyping(now) {
    let expired = false;
    for (const authors of this.typing.values()) {
      for (const [key, entry] of authors) {
        if (entry.until <= now) {
          authors.delete(key);
          expired = true;
        }
      }
    }
    if (expired) this.changed();
    return expired;
  }

  typingAuthors(conversationId) {
    const authors = this.typing.get(conversationId);
    return authors ? [...authors.values()].map((entry) => entry.author) : [];
  }

  // ---- notices -------------------------------------------------------------------------------

  setNotice(conversationId, notice) {
    if (conversationId) this.notices.set(conversationId, notice);
    else this.globalNotice = notice;
    this.changed();
  }

  clearNotice(conversationId) {
    const had = conversationId ? this.notices.delete(conversationId) : this.globalNotice !== null;
    if (!conversationId) this.globalNotice = null;
    if (had) this.changed();
  }

  notice(conversationId) {
    return this.notices.get(conversationId) ?? null;
  }
}

export function lastActivity(conversation) {
  return conversation.lastMessage?.at ?? conversation.updatedAt ?? conversation.createdAt ?? 0;
}

function typingKey(author) {
  return `${author.type}:${author.id ?? author.name ?? ''}`;
}

function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
