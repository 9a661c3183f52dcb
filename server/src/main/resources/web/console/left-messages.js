// Messages left by visitors while nobody could answer: the list, its filter, counts for the header
// badge, and the agent's actions (mark handled / new, answer by email). Kept apart from the chat
// store; app.js feeds it the socket's leftmessage.* frames and re-renders on `onChange`.

import { api } from './api.js';

export class LeftMessages {
  constructor({ token, onChange, onAuthFailure = () => false, apiImpl = api }) {
    this.token = token;
    this.onChange = onChange;
    this.onAuthFailure = onAuthFailure;
    this.api = apiImpl;
    this.filter = 'new';
    this.loading = false;
    this.loadError = null;
    this.messages = [];
    this.counts = { new: 0, handled: 0 };
    this.smtpConfigured = true;
    this.busy = new Map(); // id -> 'status' | 'reply'
    this.errors = new Map(); // id -> error
    this.replyOpen = new Set();
    this.drafts = new Map(); // id -> reply text
    this.loadSeq = 0;
  }

  async load(filter = this.filter) {
    this.filter = filter;
    this.loading = true;
    this.loadError = null;
    const seq = ++this.loadSeq;
    this.onChange();
    try {
      const answer = await this.api.listLeftMessages(this.token(), filter);
      if (seq !== this.loadSeq) return;
      this.messages = answer?.messages ?? [];
      this.counts = answer?.counts ?? this.counts;
      this.smtpConfigured = answer?.smtpConfigured !== false;
    } catch (error) {
      if (seq !== this.loadSeq || this.onAuthFailure(error)) return;
      this.loadError = error;
    }
    this.loading = false;
    this.onChange();
  }

  handleFrame(frame) {
    if (frame.type !== 'leftmessage.created' && frame.type !== 'leftmessage.updated') return;
    if (frame.counts) this.counts = frame.counts;
    const message = frame.message;
    if (message && typeof message.id === 'string') this.#upsert(message);
    this.onChange();
  }

  #matches(message) {
    return this.filter === 'all' || message.status === this.filter;
  }

  /** A message already listed stays in place when its status changes (the agent sees it, can undo); a new one must match the filter. */
  #upsert(message) {
    const index = this.messages.findIndex((m) => m.id === message.id);
    if (index >= 0) this.messages[index] = message;
    else if (this.#matches(message)) {
      this.messages.push(message);
      this.messages.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
    }
  }

  async setHandled(id, handled) {
    if (this.busy.has(id)) return;
    this.busy.set(id, 'status');
    this.errors.delete(id);
    this.onChange();
    try {
      const answer = await this.api.setLeftMessageHandled(this.token(), id, handled);
      if (answer?.message) this.#upsert(answer.message);
    } catch (error) {
      if (this.onAuthFailure(error)) return;
      this.errors.set(id, error);
    }
    this.busy.delete(id);
    this.onChange();
  }

  toggleReply(id) {
    if (this.replyOpen.has(id)) this.replyOpen.delete(id);
    else this.replyOpen.add(id);
    this.onChange();
  }

  noteDraft(id, text) {
    this.drafts.set(id, text);
  }

  /** Resolves true when the answer was queued; on failure the typed text stays in the box. */
  async reply(id, text) {
    if (this.busy.has(id)) return false;
    if (!text.trim()) {
      this.errors.set(id, { emptyReply: true });
      this.onChange();
      return false;
    }
    this.busy.set(id, 'reply');
    this.errors.delete(id);
    this.onChange();
    let ok = false;
    try {
      const answer = await this.api.replyToLeftMessage(this.token(), id, text);
      ok = true;
      this.drafts.delete(id);
      this.replyOpen.delete(id);
      if (answer?.message) this.#upsert(answer.message);
    } catch (error) {
      if (this.onAuthFailure(error)) return false;
      this.errors.set(id, error);
    }
    this.busy.delete(id);
    this.onChange();
    return ok;
  }
}
