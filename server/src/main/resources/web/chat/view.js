/**
 * Everything the chat page draws. User-supplied text (messages, names, the site's
 * greeting) only ever goes through textContent, never through HTML parsing.
 */
const NEAR_BOTTOM_PX = 48;
const COUNTER_VISIBLE_RATIO = 0.9;
const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export class ChatView {
  #doc;
  #t;
  #els;
  #timeFormat;
  #messageElements = new Map(); // entry.key -> message element
  #rendered = new WeakMap(); // message element -> last drawn fields
  #state = { connection: 'connecting', agentsOnline: false, offlineReason: null, siteName: '', typing: [] };
  #notice = { code: null, timer: null, countdown: null };

  constructor(doc, t) {
    this.#doc = doc;
    this.#t = t;
    // The browser's own locale, as in the console (console/views/common.js), not the UI language.
    this.#timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
    const q = (selector) => doc.querySelector(selector);
    this.#els = {
      siteName: q('[data-testid="site-name"]'),
      agentStatus: q('[data-testid="agent-status"]'),
      agentStatusText: q('[data-role="agent-status-text"]'),
      close: q('[data-testid="close"]'),
      connection: q('[data-testid="connection-status"]'),
      notice: q('[data-testid="notice"]'),
      noticeText: q('[data-role="notice-text"]'),
      noticeDismiss: q('[data-role="notice-dismiss"]'),
      scroller: q('[data-role="scroller"]'),
      greeting: q('[data-testid="greeting"]'),
      messages: q('[data-testid="messages"]'),
      typing: q('[data-testid="typing"]'),
      form: q('[data-testid="composer-form"]'),
      composerLabel: q('[data-role="composer-label"]'),
      composer: q('[data-testid="composer"]'),
      composerHint: q('[data-role="composer-hint"]'),
      send: q('[data-testid="send"]'),
      counter: q('[data-testid="char-counter"]'),
    };
    this.#els.noticeDismiss.addEventListener('click', () => this.#hideNotice());
    this.applyStaticStrings();
  }

  setTranslator(t) {
    this.#t = t;
    this.applyStaticStrings();
    this.showConnection(this.#state.connection);
    this.showAgentsOnline(this.#state.agentsOnline, this.#state.offlineReason);
    this.showTyping(this.#state.typing);
  }

  applyStaticStrings() {
    const t = this.#t;
    const els = this.#els;
    this.#doc.title = this.#state.siteName || t('chat.page.title');
    if (!this.#state.siteName) els.siteName.textContent = t('chat.header.defaultName');
    els.close.setAttribute('aria-label', t('chat.close'));
    els.noticeDismiss.setAttribute('aria-label', t('chat.notice.dismiss'));
    els.messages.setAttribute('aria-label', t('chat.messages.label'));
    els.composerLabel.textContent = t('chat.composer.label');
    els.composer.placeholder = t('chat.composer.placeholder');
    els.composerHint.textContent = t('chat.composer.hint');
    els.send.textContent = t('chat.send');
    els.send.setAttribute('aria-label', t('chat.send.label'));
  }

  showSite({ name, greeting, color }) {
    if (typeof name === 'string' && name) {
      this.#state.siteName = name;
      this.#els.siteName.textContent = name;
      this.#doc.title = name;
    }
    // A site without its own greeting still greets, in the visitor's language, rather than open on a blank window.
    const hasGreeting = typeof greeting === 'string' && greeting.trim() !== '';
    this.#els.greeting.textContent = hasGreeting ? greeting : this.#t('chat.greeting.default');
    this.#els.greeting.hidden = false;
    if (typeof color === 'string' && HEX_COLOR.test(color)) {
      // CSSOM writes are allowed under style-src 'self'; a style attribute would not be.
      const root = this.#doc.documentElement.style;
      root.setProperty('--accent', color);
      root.setProperty('--accent-contrast', contrastingTextColor(color));
    }
  }

  showAgentsOnline(online, offlineReason = null) {
    this.#state.agentsOnline = online;
    this.#state.offlineReason = offlineReason;
    this.#els.agentStatus.dataset.status = online ? 'online' : 'offline';
    const key = online ? 'chat.status.online' : offlineReason === 'closed' ? 'chat.status.closed' : 'chat.status.offline';
    this.#els.agentStatusText.textContent = this.#t(key);
  }

  /** The composer gives way to a form (pre-chat, leave-a-message) while that form is needed. */
  setComposerVisible(visible) {
    this.#els.form.hidden = !visible;
    if (!visible) this.#els.typing.hidden = true;
  }

  /** Where other parts (the leave-a-message form) put their content: under the message list. */
  get scroller() {
    return this.#els.scroller;
  }

  showConnection(state) {
    this.#state.connection = state;
    this.#els.connection.dataset.state = state;
    this.#els.connection.textContent = this.#t(`chat.connection.${state}`);
    if (state !== 'online') {
      // While disconnected we do not know whether agents are there; don't claim they are.
      this.#els.agentStatus.dataset.status = 'unknown';
      this.#els.agentStatusText.textContent = this.#t('chat.status.unknown');
    } else {
      this.showAgentsOnline(this.#state.agentsOnline, this.#state.offlineReason);
    }
  }

  showCloseButton(onClose) {
    this.#els.close.hidden = false;
    this.#els.close.addEventListener('click', onClose);
  }

  /** Brings the list in line with `entries` (already in display order), reusing elements by key. */
  renderMessages(entries, { scrollToEnd = false } = {}) {
    const list = this.#els.messages;
    const stickToBottom = scrollToEnd || this.#isNearBottom();
    const wanted = new Set();
    let expected = list.firstElementChild;
    for (const entry of entries) {
      wanted.add(entry.key);
      let element = this.#messageElements.get(entry.key);
      if (!element) {
        element = this.#createMessageElement();
        this.#messageElements.set(entry.key, element);
      }
      this.#drawMessage(element, entry);
      if (element === expected) expected = element.nextElementSibling;
      else list.insertBefore(element, expected);
    }
    for (const [key, element] of this.#messageElements) {
      if (!wanted.has(key)) {
        element.remove();
        this.#messageElements.delete(key);
      }
    }
    if (stickToBottom) this.#scrollToBottom();
  }

  showTyping(authors) {
    this.#state.typing = authors;
    const names = authors.map((a) => a.name).filter(Boolean);
    let text = '';
    if (authors.length === 1) {
      text = names.length ? this.#t('chat.typing.one', { name: names[0] }) : this.#t('chat.typing.anonymous');
    } else if (authors.length > 1) {
      text = names.length ? this.#t('chat.typing.many', { names: names.join(', ') }) : this.#t('chat.typing.anonymous');
    }
    this.#els.typing.textContent = text;
    this.#els.typing.hidden = authors.length === 0;
  }

  /**
   * Shows a non-blocking notice. With `countdownMs` the text is re-rendered every
   * second with {seconds} left and the notice disappears at zero.
   */
  showNotice({ code, text, autoHideMs = 0, countdownMs = 0, render }) {
    this.#clearNoticeTimers();
    this.#notice.code = code;
    this.#els.notice.dataset.code = code;
    this.#els.notice.hidden = false;
    if (countdownMs > 0 && render) {
      const endsAt = Date.now() + countdownMs;
      const tick = () => {
        const seconds = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
        if (seconds === 0) return this.#hideNotice();
        this.#els.noticeText.textContent = render(seconds);
        return undefined;
      };
      tick();
      this.#notice.countdown = setInterval(tick, 1000);
    } else {
      this.#els.noticeText.textContent = text;
    }
    if (autoHideMs > 0) this.#notice.timer = setTimeout(() => this.#hideNotice(), autoHideMs);
  }

  resolveNotice(code) {
    if (this.#notice.code === code) this.#hideNotice();
  }

  updateCounter({ length, max, tooLong }) {
    const counter = this.#els.counter;
    const visible = tooLong || length >= max * COUNTER_VISIBLE_RATIO;
    counter.hidden = !visible;
    counter.dataset.over = String(tooLong);
    counter.textContent = tooLong
      ? this.#t('chat.error.too_long', { count: length, max })
      : this.#t('chat.counter', { count: length, max });
    this.#els.composer.setAttribute('aria-invalid', String(tooLong));
    this.#els.send.disabled = tooLong;
  }

  bindComposer({ onSubmit, onInput, onBlur }) {
    const composer = this.#els.composer;
    this.#els.form.addEventListener('submit', (event) => {
      event.preventDefault();
      onSubmit(composer.value);
    });
    composer.addEventListener('keydown', (event) => {
      // While an IME composes (Chinese, Japanese…), Enter confirms the composition.
      if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
      event.preventDefault();
      onSubmit(composer.value);
    });
    composer.addEventListener('input', () => onInput(composer.value));
    composer.addEventListener('blur', () => onBlur());
  }

  clearComposer() {
    this.#els.composer.value = '';
  }

  focusComposer() {
    this.#els.composer.focus({ preventScroll: true });
  }

  /** Where forms that replace the composer are placed. */
  get composerElement() {
    return this.#els.form;
  }

  setComposerEnabled(enabled) {
    this.#els.composer.disabled = !enabled;
    this.#els.send.disabled = !enabled;
  }

  #createMessageElement() {
    const doc = this.#doc;
    const item = doc.createElement('div');
    item.className = 'message';
    item.dataset.testid = 'message';
    const author = doc.createElement('p');
    author.className = 'message-author';
    const text = doc.createElement('p');
    text.className = 'message-text';
    const meta = doc.createElement('p');
    meta.className = 'message-meta';
    item.append(author, text, meta);
    return item;
  }

  #drawMessage(item, entry) {
    const before = this.#rendered.get(item) ?? {};
    const authorLabel = this.#authorLabel(entry);
    const meta = this.#metaLabel(entry);
    if (before.author !== entry.author.type) item.dataset.author = entry.author.type;
    if (before.seq !== entry.seq) {
      if (entry.seq == null) delete item.dataset.seq;
      else item.dataset.seq = String(entry.seq);
    }
    if (before.state !== entry.state) {
      item.dataset.state = entry.state;
      if (entry.state === 'pending') item.setAttribute('aria-busy', 'true');
      else item.removeAttribute('aria-busy');
    }
    if (before.own !== entry.own) item.classList.toggle('message--own', entry.own);
    const [authorEl, textEl, metaEl] = item.children;
    if (before.authorLabel !== authorLabel) authorEl.textContent = authorLabel;
    if (before.text !== entry.text) textEl.textContent = entry.text;
    if (before.meta !== meta) metaEl.textContent = meta;
    this.#rendered.set(item, {
      author: entry.author.type, seq: entry.seq, state: entry.state, own: entry.own, authorLabel, text: entry.text, meta,
    });
  }

  #authorLabel(entry) {
    if (entry.author.type === 'visitor') return this.#t('chat.author.you');
    if (entry.author.name) return entry.author.name;
    return this.#t(entry.author.type === 'agent' ? 'chat.author.agent' : 'chat.author.system');
  }

  #metaLabel(entry) {
    if (entry.state === 'pending') return this.#t('chat.message.sending');
    if (entry.state === 'failed') return this.#t('chat.message.failed');
    return entry.at == null ? '' : this.#timeFormat.format(entry.at);
  }

  #isNearBottom() {
    const s = this.#els.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight <= NEAR_BOTTOM_PX;
  }

  #scrollToBottom() {
    const s = this.#els.scroller;
    s.scrollTop = s.scrollHeight;
  }

  #hideNotice() {
    this.#clearNoticeTimers();
    this.#notice.code = null;
    this.#els.notice.hidden = true;
    this.#els.noticeText.textContent = '';
    delete this.#els.notice.dataset.code;
  }

  #clearNoticeTimers() {
    clearTimeout(this.#notice.timer);
    clearInterval(this.#notice.countdown);
    this.#notice.timer = null;
    this.#notice.countdown = null;
  }
}

/** Black or white text, whichever reads better on the site's colour (WCAG relative luminance). */
export function contrastingTextColor(hex) {
  const digits = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d) : hex.slice(1).match(/../g);
  const [r, g, b] = digits.map((d) => {
    const c = parseInt(d, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.179 ? '#111827' : '#ffffff';
}
