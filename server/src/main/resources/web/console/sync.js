// Keeps the store in step with the server over an AgentSocket: applies incoming frames, resumes
// open conversations after every (re)connect and whenever a seq gap shows, resends unacknowledged
// messages with their original clientId (the server deduplicates), retries what the server could
// not take, and sends typing and read receipts. Timing is injected so tests can drive it.

import { newClientId } from './ids.js';

const ACK_TIMEOUT_MS = 15000; // an unacknowledged send is resent after this (same clientId)
const RESUME_TIMEOUT_MS = 15000;
const SWEEP_INTERVAL_MS = 1000;
const TYPING_RENEW_MS = 3000; // the server forgets typing after 6 s without renewal
const TYPING_IDLE_MS = 5000;
const DEFAULT_RATE_LIMIT_WAIT_MS = 5000;

/** Backoff for a message the server could not store (DB unavailable) after `attempts` sends, with jitter. */
export function unavailableRetryDelay(attempts, random = Math.random) {
  const ceiling = Math.min(30000, 1000 * 2 ** Math.min(Math.max(0, attempts - 1), 10));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

export class ConsoleSync {
  constructor({ store, socket, clock, isVisible = () => true, newId = newClientId, timers = globalThis, now = () => Date.now(), random = Math.random }) {
    this.store = store;
    this.socket = socket;
    this.clock = clock;
    this.isVisible = isVisible;
    this.newId = newId;
    this.timers = timers;
    this.now = now;
    this.random = random;
    this.readSent = new Map(); // conversationId -> last seq sent in conversation.read
    this.typingSent = new Map(); // conversationId -> {sentAt, idleTimer}
    this.wantedStatus = null; // presence the agent chose that the server has not confirmed yet
    this.sweepTimer = null;
  }

  start() {
    this.sweepTimer = this.timers.setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
  }

  stop() {
    this.timers.clearInterval(this.sweepTimer);
    for (const state of this.typingSent.values()) this.timers.clearTimeout(state.idleTimer);
    this.typingSent.clear();
  }

  // ---- incoming frames -----------------------------------------------------------------------

  handleFrame(frame) {
    switch (frame.type) {
      case 'session.welcome':
        return this.onWelcome(frame);
      case 'pong':
        if (Number.isFinite(frame.now)) this.clock?.sync(frame.now);
        return undefined;
      case 'message.ack':
        return this.onAck(frame);
      case 'message.created':
        return this.onMessageCreated(frame);
      case 'conversation.history':
        return this.onHistory(frame);
      case 'conversation.updated':
        return this.onConversationUpdated(frame.conversation);
      case 'visitor.updated':
        this.clock?.observe(frame.visitor?.onlineSince);
        return this.store.upsertVisitor(frame.visitor);
      case 'invitation.sent':
        return this.store.applyInvitationsSent(frame);
      case 'visitor.left':
        return this.store.removeVisitor(frame.visitorId);
      case 'visitor.detail':
        return this.store.applyVisitorDetail(frame);
      case 'typing.changed':
        return this.store.applyTyping(frame, this.now());
      case 'presence.changed':
        // "offline" describes an agent with no connection; this tab is one, so it never applies to us.
        if (frame.agentId && frame.agentId === this.store.agent?.id && (frame.status === 'online' || frame.status === 'away')) {
          this.store.setOwnStatus(frame.status);
          this.wantedStatus = null; // the server's word, from this tab or another
        }
        return undefined;
      case 'error':
        return this.onError(frame);
      default:
        return undefined;
    }
  }

  onWelcome(welcome) {
    if (Number.isFinite(welcome.now)) this.clock?.sync(welcome.now);
    else for (const visitor of welcome.visitors ?? []) this.clock?.observe(visitor.onlineSince);
    this.store.applyWelcome(welcome);
    if (this.wantedStatus && this.store.agent?.status !== this.wantedStatus) {
      // Chosen while the socket was down (or before the server confirmed it): the welcome's status must not undo it.
      this.store.setOwnStatus(this.wantedStatus);
      this.socket.send({ type: 'presence.set', status: this.wantedStatus });
    }
    this.readSent.clear(); // a read sent on the old connection may have been lost
    this.typingSent.clear();
    for (const thread of this.store.threads.values()) {
      thread.resumeInFlight = null;
      this.resume(thread.conversationId);
    }
    this.flushOutbox();
    this.readVisible();
    // An open visitor detail may have missed page views while we were away.
    const detail = this.store.visitorDetail;
    if (detail && detail.status !== 'loading') this.openVisitorDetail(detail.visitorId);
  }

  onAck(ack) {
    const pending = this.store.pending.get(ack.clientId);
    this.store.applyAck(ack);
    if (pending) this.clearRetryNotices(pending.conversationId);
  }

  onMessageCreated(message) {
    this.clock?.observe(message.at);
    const { gap } = this.store.applyMessageCreated(message);
    if (gap) this.resume(message.conversationId);
    this.readVisible();
  }

  onHistory(history) {
    const thread = this.store.thread(history.conversationId);
    const askedFrom = thread?.resumeInFlight ?? null;
    if (!this.store.applyHistory(history)) return;
    if (this.store.globalNotice?.code === 'unavailable') this.store.clearNotice(null);
    const madeProgress = askedFrom === null || thread.contiguousSeq > askedFrom;
    if (history.complete === false || (thread.hasGap() && madeProgress)) this.resume(history.conversationId);
    this.readVisible();
  }

  onConversationUpdated(conversation) {
    if (!conversation?.id) return;
    this.store.upsertConversation(conversation);
    const thread = this.store.thread(conversation.id);
    // A message.created we never received (e.g. lost in a reconnect): fetch it.
    if (thread && conversation.lastSeq > thread.maxSeq && thread.resumeInFlight === null) this.resume(conversation.id);
    this.readVisible();
  }

  onError(error) {
    if (error.ref && this.onInviteError?.(error)) return;
    const pending = error.ref ? this.store.pending.get(error.ref) : null;
    if (pending) return this.onSendRefused(pending, error);
    if (error.visitorId) return this.store.visitorDetailFailed(error.visitorId, error.code);
    const conversationId = error.conversationId && this.store.thread(error.conversationId) ? error.conversationId : null;
    if (error.code === 'unavailable') {
      // Whatever we asked for (resume, read) will be asked again by the sweep shortly.
      for (const thread of this.store.threads.values()) {
        if (thread.resumeInFlight !== null) thread.resumeSentAt = this.now() - RESUME_TIMEOUT_MS + 3000;
      }
      this.readSent.clear();
    }
    if (error.code === 'not_found' && conversationId) this.store.thread(conversationId).resumeInFlight = null;
    this.store.setNotice(conversationId, { code: error.code, retryAfterMs: error.retryAfterMs, message: error.message });
  }

  onSendRefused(pending, error) {
    const { clientId, conversationId } = pending;
    if (error.code === 'unavailable') {
      this.store.updatePending(clientId, { status: 'retrying', retryAt: this.now() + unavailableRetryDelay(pending.attempts, this.random) });
    } else if (error.code === 'rate_limited') {
      const wait = Number.isFinite(error.retryAfterMs) ? error.retryAfterMs : DEFAULT_RATE_LIMIT_WAIT_MS;
      this.store.updatePending(clientId, { status: 'retrying', retryAt: this.now() + wait });
    } else {
      this.store.updatePending(clientId, { status: 'failed', error: error.code });
    }
    this.store.setNotice(conversationId, { code: error.code, retryAfterMs: error.retryAfterMs, message: error.message });
  }

  clearRetryNotices(conversationId) {
    const notice = this.store.notice(conversationId);
    if (notice && (notice.code === 'unavailable' || notice.code === 'rate_limited')) this.store.clearNotice(conversationId);
    if (this.store.globalNotice?.code === 'unavailable') this.store.clearNotice(null);
  }

  // ---- actions from the UI -------------------------------------------------------------------

  /** Opens a conversation's thread and fetches its whole history. */
  openConversation(conversationId) {
    if (this.store.thread(conversationId)) return;
    this.store.openThread(conversationId);
    this.resume(conversationId);
  }

  /** Opens the visitor detail panel and asks the server for the pages of this visit and past conversations. */
  openVisitorDetail(visitorId) {
    this.store.openVisitorDetail(visitorId);
    if (!this.socket.send({ type: 'visitor.get', visitorId })) this.store.visitorDetailFailed(visitorId, 'offline');
  }

  closeConversation(conversationId) {
    this.stopTyping(conversationId);
    this.readSent.delete(conversationId);
    this.store.closeThread(conversationId);
  }

  /** Queues a message; it is shown as pending at once and sent now or after reconnect. */
  sendMessage(conversationId, text) {
    if (typeof text !== 'string' || text.trim() === '') return null;
    const clientId = this.newId();
    this.store.addPending({ clientId, conversationId, text, createdAt: this.now() });
    this.forgetTyping(conversationId); // the server clears typing when our message arrives
    this.transmit(clientId);
    return clientId;
  }

  /** Moves a refused message back out of the outbox (the UI puts its text back in the composer). */
  discardMessage(clientId) {
    this.store.removePending(clientId);
  }

  /** Shown at once; if the socket is not up, or the server has not confirmed it, sent again after the next welcome. */
  setPresence(status) {
    this.store.setOwnStatus(status);
    this.wantedStatus = status;
    this.socket.send({ type: 'presence.set', status });
  }

  /** Call on every composer input; sends typing.set at most every few seconds. */
  noteComposerInput(conversationId, text) {
    if (text.trim() === '') {
      this.stopTyping(conversationId);
      return;
    }
    const state = this.typingSent.get(conversationId);
    const now = this.now();
    if (!state || now - state.sentAt >= TYPING_RENEW_MS) {
      if (this.socket.send({ type: 'typing.set', conversationId, typing: true })) {
        this.timers.clearTimeout(state?.idleTimer);
        this.typingSent.set(conversationId, { sentAt: now, idleTimer: null });
      }
    }
    const current = this.typingSent.get(conversationId);
    if (current) {
      this.timers.clearTimeout(current.idleTimer);
      current.idleTimer = this.timers.setTimeout(() => this.stopTyping(conversationId), TYPING_IDLE_MS);
    }
  }

  stopTyping(conversationId) {
    if (!this.typingSent.has(conversationId)) return;
    this.forgetTyping(conversationId);
    this.socket.send({ type: 'typing.set', conversationId, typing: false });
  }

  forgetTyping(conversationId) {
    const state = this.typingSent.get(conversationId);
    if (state) this.timers.clearTimeout(state.idleTimer);
    this.typingSent.delete(conversationId);
  }

  /** Marks every visible panel read up to the last message it shows. */
  readVisible() {
    for (const conversationId of this.store.threads.keys()) {
      if (this.isVisible(conversationId)) this.markRead(conversationId);
    }
  }

  markRead(conversationId) {
    const thread = this.store.thread(conversationId);
    if (!thread) return;
    const seq = thread.contiguousSeq;
    if (seq <= 0 || seq <= (this.readSent.get(conversationId) ?? 0)) return;
    if (this.socket.send({ type: 'conversation.read', conversationId, seq })) {
      this.readSent.set(conversationId, seq);
      this.store.markReadLocally(conversationId, seq);
    }
  }

  // ---- sending and retrying ------------------------------------------------------------------

  transmit(clientId) {
    const pending = this.store.pending.get(clientId);
    if (!pending) return;
    const sent = this.socket.send({ type: 'message.send', clientId, conversationId: pending.conversationId, text: pending.text });
    if (sent) this.store.updatePending(clientId, { status: 'sending', lastSentAt: this.now(), attempts: pending.attempts + 1, retryAt: 0 });
  }

  flushOutbox() {
    const now = this.now();
    for (const pending of this.store.outbox()) {
      if (pending.retryAt <= now) this.transmit(pending.clientId);
    }
  }

  resume(conversationId) {
    const thread = this.store.thread(conversationId);
    if (!thread) return;
    const now = this.now();
    if (thread.resumeInFlight !== null && now - thread.resumeSentAt < RESUME_TIMEOUT_MS) return;
    const afterSeq = thread.contiguousSeq;
    if (this.socket.send({ type: 'conversation.resume', conversationId, afterSeq })) {
      thread.resumeInFlight = afterSeq;
      thread.resumeSentAt = now;
    }
  }

  /** Periodic: resend what is due or overdue. Sends nothing while disconnected. */
  sweep() {
    const now = this.now();
    this.store.expireTyping(now);
    if (!this.socket.isReady()) return;
    for (const pending of this.store.outbox()) {
      const due = pending.status === 'retrying' ? pending.retryAt <= now : pending.attempts === 0 || now - pending.lastSentAt >= ACK_TIMEOUT_MS;
      if (due) this.transmit(pending.clientId);
    }
    for (const thread of this.store.threads.values()) {
      if (thread.resumeInFlight !== null && now - thread.resumeSentAt >= RESUME_TIMEOUT_MS) {
        thread.resumeInFlight = null;
        this.resume(thread.conversationId);
      } else if (thread.resumeInFlight === null && thread.contiguousSeq === 0 && thread.resumeSentAt === 0) {
        this.resume(thread.conversationId); // opened while offline
      }
    }
  }
}
