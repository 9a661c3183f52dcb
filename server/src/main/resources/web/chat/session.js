import { createBackoff } from './backoff.js';
import { newClientId } from './ids.js';
import { checkDraft, isBlank, MAX_TEXT_LENGTH } from './text.js';

const TYPING_RENEW_MS = 3000;
const TYPING_IDLE_MS = 5000;
const OTHERS_TYPING_TTL_MS = 7000;
const DEFAULT_RATE_LIMIT_WAIT_MS = 2000;
const FATAL_CODES = new Set(['unknown_site', 'origin_not_allowed']);

/**
 * The visitor side of the chat protocol, without any DOM.
 *
 * It says hello on every new socket, follows the conversation the server names,
 * keeps the message store gap-free (conversation.resume from the last contiguous
 * seq after every welcome and whenever a seq is skipped), and drains the outbox.
 * While the visitor has no conversation yet only the first queued message is
 * sent: its ack names the new conversation, and sending the others before that
 * could open several conversations at once.
 *
 * The `ui` object receives: onWelcome({site, agentsOnline, offlineReason, contact, hasConversation}), onToken(token),
 * onAgentsStatus(online, offlineReason), onSiteUpdated(site), onMessagesChanged({added, live}), onTyping(authors),
 * onNotice({code, retryAfterMs?, message?}), onNoticeResolved(code), onFatal(code),
 * onInvitation(invitation), onInvitationClosed(id), onIdentified(contact), onFieldError({field, message}).
 */
export class ChatSession {
  #site;
  #identity;
  #store;
  #outbox;
  #ui;
  #newId;
  #env;
  #now;
  #maxTextLength;
  #connection = null;

  #authenticated = false;
  #conversationId = null;
  #initialLoadDone = false;
  #resumeInFlight = false;
  #resumeWanted = false;
  #sentOnSocket = new Set();
  #holdTimer = null;
  #unavailableBackoff = createBackoff({ initialMs: 1000, maxMs: 15000 });

  #typing = false;
  #typingSentAt = 0;
  #typingIdleTimer = null;
  #othersTyping = new Map();

  /**
   * @param {object} options
   * @param {string} options.site
   * @param {{token:string|null, hostOrigin:string|null, page:object}} options.identity
   * @param {import('./message-store.js').MessageStore} options.store
   * @param {import('./outbox.js').Outbox} options.outbox
   */
  constructor({ site, identity, store, outbox, ui, newId = newClientId, env = globalThis, now = Date.now, maxTextLength = MAX_TEXT_LENGTH }) {
    this.#site = site;
    this.#identity = { ...identity };
    this.#store = store;
    this.#outbox = outbox;
    this.#ui = ui;
    this.#newId = newId;
    this.#env = env;
    this.#now = now;
    this.#maxTextLength = maxTextLength;
    for (const item of outbox.items()) store.addPending(item);
  }

  /** @param {{send(frame):boolean, markOnline(ms):void, stop():void, restart():void}} connection */
  attach(connection) {
    this.#connection = connection;
  }

  get conversationId() {
    return this.#conversationId;
  }

  get maxTextLength() {
    return this.#maxTextLength;
  }

  // --- connection events ---

  handleOpen() {
    this.#authenticated = false;
    this.#sentOnSocket.clear();
    this.#send({
      type: 'session.hello',
      role: 'visitor',
      site: this.#site,
      token: this.#identity.token ?? null,
      hostOrigin: this.#identity.hostOrigin ?? null,
      page: this.#identity.page,
      language: browserLanguage(this.#env),
    });
  }

  handleClose() {
    this.#authenticated = false;
    this.#resumeInFlight = false;
    this.#sentOnSocket.clear();
    this.#typing = false;
    this.#clearOthersTyping();
  }

  handleFrame(frame) {
    switch (frame.type) {
      case 'session.welcome': return this.#onWelcome(frame);
      case 'message.ack': return this.#onAck(frame);
      case 'message.created': return this.#onCreated(frame);
      case 'conversation.history': return this.#onHistory(frame);
      case 'typing.changed': return this.#onTypingChanged(frame);
      case 'agents.status': return this.#ui.onAgentsStatus?.(frame.online === true, offlineReason(frame.reason));
      case 'site.updated': return this.#ui.onSiteUpdated?.(frame.site ?? {});
      case 'invitation.received': return validInvitation(frame.invitation) && this.#ui.onInvitation?.(frame.invitation);
      case 'invitation.closed': return typeof frame.id === 'string' && this.#ui.onInvitationClosed?.(frame.id);
      case 'visitor.identified':
        this.#ui.onIdentified?.(frame.contact ?? {});
        return this.#flushOutbox(); // a message refused with prechat_required may go now
      case 'error': return this.#onError(frame);
      default: return undefined; // newer server frames are ignored on purpose
    }
  }

  // --- visitor actions ---

  /** Answers an invitation; false when not connected (the caller keeps it on screen to try again). */
  answerInvitation(id, accepted) {
    if (!this.#authenticated) return false;
    return this.#send({ type: accepted ? 'invitation.accept' : 'invitation.decline', id });
  }

  /** Sends the pre-chat answers; false when not connected. */
  identify(answers) {
    if (!this.#authenticated) return false;
    return this.#send({ type: 'visitor.identify', answers });
  }

  /** @returns {{sendable:boolean, blank:boolean, tooLong:boolean, length:number, max:number}} */
  send(text) {
    const draft = checkDraft(text, this.#maxTextLength);
    if (!draft.sendable) return draft;
    const clientId = this.#newId();
    this.#store.addPending({ clientId, text });
    this.#outbox.add(clientId, text);
    this.stopTyping();
    this.#ui.onMessagesChanged?.({ added: [], live: true });
    this.#flushOutbox();
    return draft;
  }

  draftChanged(text) {
    if (isBlank(text)) {
      this.stopTyping();
      return;
    }
    if (!this.#conversationId || !this.#authenticated) return;
    const now = this.#now();
    if (!this.#typing || now - this.#typingSentAt >= TYPING_RENEW_MS) {
      this.#send({ type: 'typing.set', conversationId: this.#conversationId, typing: true });
      this.#typing = true;
      this.#typingSentAt = now;
    }
    this.#env.clearTimeout(this.#typingIdleTimer);
    this.#typingIdleTimer = this.#env.setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  stopTyping() {
    this.#env.clearTimeout(this.#typingIdleTimer);
    this.#typingIdleTimer = null;
    if (!this.#typing) return;
    this.#typing = false;
    if (this.#conversationId) {
      this.#send({ type: 'typing.set', conversationId: this.#conversationId, typing: false });
    }
  }

  reportPage(page) {
    this.#identity.page = page;
    if (this.#authenticated) this.#send({ type: 'page.viewed', ...page });
  }

  // --- server frames ---

  #onWelcome(frame) {
    this.#authenticated = true;
    if (Number.isInteger(frame.maxTextLength) && frame.maxTextLength > 0) {
      this.#maxTextLength = frame.maxTextLength; // the server's --max-text wins over the built-in default
    }
    if (typeof frame.token === 'string' && frame.token) {
      this.#identity.token = frame.token;
      this.#ui.onToken?.(frame.token);
    }
    this.#connection.markOnline(frame.heartbeatMs);
    this.#ui.onNoticeResolved?.('unavailable');
    this.#ui.onWelcome?.({
      site: frame.site ?? {},
      agentsOnline: frame.agentsOnline === true,
      offlineReason: offlineReason(frame.offlineReason),
      contact: frame.contact && typeof frame.contact === 'object' ? frame.contact : null,
      hasConversation: Boolean(frame.conversation && typeof frame.conversation.id === 'string'),
    });
    const conversation = frame.conversation && typeof frame.conversation.id === 'string' ? frame.conversation : null;
    if (conversation) {
      this.#adoptConversation(conversation.id);
      this.#requestResume();
    } else {
      // No open conversation: what is on screen stays until a new one starts.
      this.#conversationId = null;
      this.#initialLoadDone = true;
    }
    this.#flushOutbox();
  }

  #onAck(frame) {
    const clientId = frame.clientId;
    if (typeof clientId !== 'string' || !(this.#outbox.has(clientId) || this.#store.isPending(clientId))) return;
    if (typeof frame.conversationId === 'string') this.#adoptConversation(frame.conversationId);
    this.#store.applyAck(frame);
    this.#outbox.remove(clientId);
    this.#sentOnSocket.delete(clientId);
    this.#unavailableBackoff.reset();
    this.#ui.onNoticeResolved?.('unavailable');
    if (this.#store.hasGap) this.#requestResume();
    this.#ui.onMessagesChanged?.({ added: [], live: true });
    this.#flushOutbox();
  }

  #onCreated(frame) {
    if (typeof frame.conversationId !== 'string') return;
    this.#adoptConversation(frame.conversationId);
    const entry = this.#applyServerMessage(frame);
    if (this.#store.hasGap) this.#requestResume();
    this.#ui.onMessagesChanged?.({ added: entry ? [entry] : [], live: true });
    this.#flushOutbox();
  }

  #onHistory(frame) {
    if (frame.conversationId !== this.#conversationId) return;
    this.#resumeInFlight = false;
    this.#ui.onNoticeResolved?.('unavailable');
    const messages = Array.isArray(frame.messages) ? frame.messages : [];
    const added = messages.map((m) => this.#applyServerMessage(m)).filter(Boolean);
    const live = this.#initialLoadDone;
    const more = frame.complete === false && messages.length > 0;
    if (more || (this.#resumeWanted && this.#store.hasGap)) {
      this.#requestResume();
    } else {
      this.#resumeWanted = false;
      this.#initialLoadDone = true;
    }
    this.#ui.onMessagesChanged?.({ added, live });
  }

  #onTypingChanged(frame) {
    if (frame.conversationId !== this.#conversationId) return;
    const author = frame.author ?? {};
    if (author.type === 'visitor') return; // our own other tabs
    const key = typingKey(author);
    this.#env.clearTimeout(this.#othersTyping.get(key)?.timer);
    if (frame.typing === true) {
      // The server clears typing after 6 s; expire locally too in case that frame is lost.
      const timer = this.#env.setTimeout(() => this.#forgetTyping(key), OTHERS_TYPING_TTL_MS);
      this.#othersTyping.set(key, { type: author.type ?? 'agent', name: author.name ?? '', timer });
    } else {
      this.#othersTyping.delete(key);
    }
    this.#emitTyping();
  }

  #onError(frame) {
    const code = frame.code;
    const ref = typeof frame.ref === 'string' ? frame.ref : null;
    if (FATAL_CODES.has(code)) {
      this.#connection.stop();
      this.#ui.onFatal?.(code);
      return;
    }
    switch (code) {
      case 'rate_limited':
        if (ref) this.#sentOnSocket.delete(ref);
        this.#holdSending(Number.isFinite(frame.retryAfterMs) ? frame.retryAfterMs : DEFAULT_RATE_LIMIT_WAIT_MS);
        this.#ui.onNotice?.({ code, retryAfterMs: frame.retryAfterMs });
        return;
      case 'unavailable':
        this.#onUnavailable(ref);
        return;
      case 'too_long':
      case 'bad_frame':
        if (ref && this.#outbox.has(ref)) this.#failMessage(ref, code);
        this.#ui.onNotice?.({ code, message: frame.message });
        return;
      case 'not_found':
        this.#onConversationGone(ref);
        return;
      case 'not_authenticated':
        this.#connection.restart();
        return;
      case 'invalid_field':
        this.#ui.onFieldError?.({ field: frame.field, message: frame.message });
        return;
      case 'prechat_required':
        if (ref) this.#sentOnSocket.delete(ref);
        this.#ui.onPrechatRequired?.();
        return;
      default:
        this.#ui.onNotice?.({ code, message: frame.message });
    }
  }

  #onUnavailable(ref) {
    if (!this.#authenticated) {
      this.#connection.restart();
    } else {
      if (ref) this.#sentOnSocket.delete(ref);
      if (this.#resumeInFlight && !ref) {
        this.#resumeInFlight = false;
        this.#resumeWanted = true;
      }
      this.#holdSending(this.#unavailableBackoff.nextDelay());
    }
    this.#ui.onNotice?.({ code: 'unavailable' });
  }

  #onConversationGone(ref) {
    if (ref && this.#outbox.has(ref)) {
      // Our conversation was closed under us: the message will start a new one.
      this.#sentOnSocket.delete(ref);
      this.#conversationId = null;
      this.#flushOutbox();
    } else if (this.#resumeInFlight) {
      this.#resumeInFlight = false;
      this.#conversationId = null;
      this.#initialLoadDone = true;
    }
  }

  // --- helpers ---

  #applyServerMessage(message) {
    const { entry } = this.#store.applyMessage(message);
    if (typeof message.clientId === 'string') {
      this.#outbox.remove(message.clientId);
      this.#sentOnSocket.delete(message.clientId);
    }
    if (entry) this.#forgetTyping(typingKey(entry.author));
    return entry;
  }

  #failMessage(clientId, code) {
    this.#outbox.remove(clientId);
    this.#sentOnSocket.delete(clientId);
    this.#store.markFailed(clientId, code);
    this.#ui.onMessagesChanged?.({ added: [], live: true });
    this.#flushOutbox();
  }

  #adoptConversation(id) {
    if (id === this.#conversationId) return;
    // seq numbers are per conversation: messages of another one cannot share the store.
    if (this.#store.confirmedCount > 0) this.#store.resetConfirmed();
    this.#conversationId = id;
    this.#resumeInFlight = false;
    this.#clearOthersTyping();
  }

  #requestResume() {
    if (!this.#authenticated || !this.#conversationId) return;
    if (this.#resumeInFlight) {
      this.#resumeWanted = true;
      return;
    }
    this.#resumeInFlight = true;
    this.#resumeWanted = false;
    this.#send({
      type: 'conversation.resume',
      conversationId: this.#conversationId,
      afterSeq: this.#store.lastContiguousSeq,
    });
  }

  #flushOutbox() {
    if (!this.#authenticated || this.#holdTimer !== null) return;
    for (const item of this.#outbox.items()) {
      if (!this.#sentOnSocket.has(item.clientId)) {
        const frame = { type: 'message.send', clientId: item.clientId, text: item.text };
        if (this.#conversationId) frame.conversationId = this.#conversationId;
        if (!this.#send(frame)) return;
        this.#sentOnSocket.add(item.clientId);
      }
      if (!this.#conversationId) return;
    }
  }

  #holdSending(ms) {
    this.#env.clearTimeout(this.#holdTimer);
    this.#holdTimer = this.#env.setTimeout(() => {
      this.#holdTimer = null;
      if (this.#resumeWanted) this.#requestResume();
      this.#flushOutbox();
    }, Math.max(0, ms));
  }

  #send(frame) {
    return this.#connection ? this.#connection.send(frame) : false;
  }

  #forgetTyping(key) {
    const current = this.#othersTyping.get(key);
    if (!current) return;
    this.#env.clearTimeout(current.timer);
    this.#othersTyping.delete(key);
    this.#emitTyping();
  }

  #clearOthersTyping() {
    if (this.#othersTyping.size === 0) return;
    for (const { timer } of this.#othersTyping.values()) this.#env.clearTimeout(timer);
    this.#othersTyping.clear();
    this.#emitTyping();
  }

  #emitTyping() {
    this.#ui.onTyping?.([...this.#othersTyping.values()].map(({ type, name }) => ({ type, name })));
  }
}

function typingKey(author) {
  return `${author?.type ?? 'agent'}:${author?.name ?? ''}`;
}

function validInvitation(invitation) {
  return Boolean(invitation) && typeof invitation.id === 'string' && typeof invitation.text === 'string';
}

/** The browser's language (BCP 47) for the agent's visitor list; null if the browser gives none or something odd. */
export function browserLanguage(env = globalThis) {
  const language = env.navigator?.language;
  return typeof language === 'string' && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}$/.test(language) ? language : null;
}

/** Why nobody can answer, as the server says: 'closed' (outside business hours), 'no_agents', or null. */
function offlineReason(value) {
  return value === 'closed' || value === 'no_agents' ? value : null;
}
