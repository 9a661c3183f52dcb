/**
 * The leave-a-message form, shown instead of the composer while nobody can answer
 * (no agent online, or outside business hours). The conversation history above it
 * stays visible. Built with createElement/textContent only: nothing the visitor or
 * the server says is ever parsed as HTML.
 *
 * Submitting posts to /api/leave-message with a client id; a retry after a failure
 * reuses it, so the server stores the message once however often it is resent.
 */
import { newClientId } from './ids.js';

export const LIMITS = { name: 100, email: 254, phone: 32 };
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const PHONE = /^\+?[0-9 ()./-]+$/;
const TIMEOUT_MS = 15000;

/**
 * Field problems as translation keys (same rules as the server's LeaveInput):
 * {name?, email?, phone?, contact?, text?}; empty object when the values are fine.
 */
export function validateLeaveMessage({ name = '', email = '', phone = '', text = '' }, maxText = 4000) {
  const errors = {};
  const n = name.trim();
  const e = email.trim();
  const p = phone.trim();
  if (!n) errors.name = { key: 'chat.leave.error.name' };
  else if (n.length > LIMITS.name) errors.name = { key: 'chat.leave.error.nameTooLong', params: { max: LIMITS.name } };
  if (e && (e.length > LIMITS.email || !EMAIL.test(e))) errors.email = { key: 'chat.leave.error.email' };
  if (p && (p.length > LIMITS.phone || !PHONE.test(p) || p.replace(/\D/g, '').length < 5)) errors.phone = { key: 'chat.leave.error.phone' };
  if (!e && !p) errors.contact = { key: 'chat.leave.error.contact' };
  if (!text.trim()) errors.text = { key: 'chat.leave.error.text' };
  else if (text.length > maxText) errors.text = { key: 'chat.leave.error.tooLong', params: { count: text.length, max: maxText } };
  return errors;
}

/** POSTs one message; resolves to {ok:true} or {ok:false, kind:'fields'|'rate_limited'|'network'|'server', fields?, message?}. */
export async function postLeaveMessage(payload, { fetchImpl = globalThis.fetch, timeoutMs = TIMEOUT_MS } = {}) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let response;
  try {
    response = await fetchImpl('/api/leave-message', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(payload),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: abort.signal,
    });
  } catch {
    return { ok: false, kind: 'network' };
  } finally {
    clearTimeout(timer);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.ok) return { ok: true, message: body?.message ?? null };
  if (response.status === 400 && body?.error === 'invalid_fields') return { ok: false, kind: 'fields', fields: body.fields ?? {} };
  if (response.status === 429) return { ok: false, kind: 'rate_limited' };
  return { ok: false, kind: 'server', message: typeof body?.message === 'string' ? body.message : `HTTP ${response.status}` };
}

export class LeaveMessageForm {
  #doc;
  #t;
  #els;
  #submit;
  #maxText;
  #clientId;
  #busy = false;
  #reason = 'no_agents';
  #errors = {};
  #formError = null;
  #sentName = null;

  /**
   * @param {object} o
   * @param {Document} o.doc
   * @param {Element} o.container where the form goes (after the message list)
   * @param {(key:string, params?:object)=>string} o.t
   * @param {(values:object)=>Promise<object>} o.submit sends {clientId,name,email,phone,text}; resolves like postLeaveMessage
   */
  constructor({ doc, container, t, submit, maxText = 4000, newId = newClientId }) {
    this.#doc = doc;
    this.#t = t;
    this.#submit = submit;
    this.#maxText = maxText;
    this.newId = newId;
    this.#clientId = newId();
    this.#els = this.#build();
    container.append(this.#els.root);
    this.#applyStrings();
  }

  get element() {
    return this.#els.root;
  }

  get visible() {
    return !this.#els.root.hidden;
  }

  setTranslator(t) {
    this.#t = t;
    this.#applyStrings();
  }

  setMaxText(max) {
    if (Number.isInteger(max) && max > 0) this.#maxText = max;
  }

  /** Shown while unavailable; `reason` is the server's ("closed" or "no_agents"). */
  show(reason) {
    this.#reason = reason === 'closed' ? 'closed' : 'no_agents';
    this.#els.root.hidden = false;
    this.#applyStrings();
  }

  hide() {
    this.#els.root.hidden = true;
  }

  /** Focus for when the chat window opens: the first field, or the confirmation's button. */
  focus() {
    if (this.#sentName !== null) this.#els.another.focus({ preventScroll: true });
    else this.#els.name.input.focus({ preventScroll: true });
  }

  #build() {
    const doc = this.#doc;
    const el = (tag, props = {}, ...children) => {
      const node = doc.createElement(tag);
      for (const [k, v] of Object.entries(props)) {
        if (k === 'testid') node.dataset.testid = v;
        else if (k === 'className') node.className = v;
        else node.setAttribute(k, v);
      }
      node.append(...children);
      return node;
    };
    const field = (name, type, autocomplete, max) => {
      const id = `leave-${name}`;
      const label = el('label', { className: 'leave-label', for: id });
      const input = type === 'textarea'
        ? el('textarea', { id, name, className: 'leave-input leave-textarea', rows: '4', testid: id })
        : el('input', { id, name, type, className: 'leave-input', autocomplete, testid: id, maxlength: String(max) });
      const error = el('p', { className: 'leave-field-error', id: `${id}-error`, testid: `${id}-error`, 'aria-live': 'polite' });
      error.hidden = true;
      input.setAttribute('aria-describedby', `${id}-error`);
      return { label, input, error, wrap: el('div', { className: 'leave-field' }, label, input, error) };
    };
    const title = el('h2', { className: 'leave-title', id: 'leave-title' });
    const intro = el('p', { className: 'leave-intro' });
    const name = field('name', 'text', 'name', LIMITS.name);
    const email = field('email', 'email', 'email', LIMITS.email);
    const phone = field('phone', 'tel', 'tel', LIMITS.phone);
    const contactHint = el('p', { className: 'leave-hint', id: 'leave-contact-hint' });
    const contactError = el('p', { className: 'leave-field-error', testid: 'leave-contact-error', 'aria-live': 'polite' });
    contactError.hidden = true;
    const text = field('text', 'textarea');
    const formError = el('p', { className: 'leave-form-error', role: 'alert', testid: 'leave-error' });
    formError.hidden = true;
    const submit = el('button', { type: 'submit', className: 'send-button leave-submit', testid: 'leave-submit' });
    const form = el('form', { className: 'leave-form', testid: 'leave-message-form', novalidate: '', 'aria-labelledby': 'leave-title' },
      title, intro, name.wrap, email.wrap, phone.wrap, contactHint, contactError, text.wrap, formError, submit);
    const sentText = el('p', { className: 'leave-sent-text', role: 'status' });
    const another = el('button', { type: 'button', className: 'link-button leave-another', testid: 'leave-another' });
    const sent = el('div', { className: 'leave-sent', testid: 'leave-message-sent' }, sentText, another);
    sent.hidden = true;
    const root = el('section', { className: 'leave-message' }, form, sent);
    root.hidden = true;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#onSubmit();
    });
    another.addEventListener('click', () => {
      this.#sentName = null;
      this.#render();
      name.input.focus();
    });
    return { root, form, title, intro, name, email, phone, contactHint, contactError, text, formError, submit, sent, sentText, another };
  }

  #values() {
    const e = this.#els;
    return { name: e.name.input.value, email: e.email.input.value, phone: e.phone.input.value, text: e.text.input.value };
  }

  async #onSubmit() {
    if (this.#busy) return;
    const values = this.#values();
    this.#errors = validateLeaveMessage(values, this.#maxText);
    this.#formError = null;
    if (Object.keys(this.#errors).length > 0) {
      this.#render();
      this.#focusFirstError();
      return;
    }
    this.#busy = true;
    this.#render();
    let result;
    try {
      result = await this.#submit({
        clientId: this.#clientId,
        name: values.name.trim(),
        email: values.email.trim(),
        phone: values.phone.trim(),
        text: values.text,
      });
    } catch {
      result = { ok: false, kind: 'network' };
    }
    this.#busy = false;
    if (result.ok) {
      this.#sentName = values.name.trim();
      this.#clientId = this.newId();
      this.#els.form.reset();
      this.#errors = {};
    } else if (result.kind === 'fields') {
      this.#errors = Object.fromEntries(Object.entries(result.fields ?? {}).map(([k, v]) => [k, { text: String(v) }]));
      if (Object.keys(this.#errors).length === 0) this.#formError = { key: 'chat.leave.error.network' };
    } else if (result.kind === 'rate_limited') {
      this.#formError = { key: 'chat.leave.error.rate_limited' };
    } else if (result.kind === 'server') {
      this.#formError = { key: 'chat.leave.error.server', params: { message: result.message } };
    } else {
      this.#formError = { key: 'chat.leave.error.network' };
    }
    this.#render();
    if (result.ok) this.#els.another.focus();
    else this.#focusFirstError();
  }

  #focusFirstError() {
    const order = ['name', 'email', 'phone', 'contact', 'text'];
    const first = order.find((k) => this.#errors[k]);
    if (!first) return;
    const target = first === 'contact' ? this.#els.email.input : this.#els[first].input;
    target.focus();
  }

  #message(problem) {
    if (!problem) return '';
    return problem.text ?? this.#t(problem.key, problem.params);
  }

  #applyStrings() {
    const e = this.#els;
    const t = this.#t;
    e.title.textContent = t('chat.leave.title');
    e.intro.textContent = t(this.#reason === 'closed' ? 'chat.leave.intro.closed' : 'chat.leave.intro.no_agents');
    e.name.label.textContent = t('chat.leave.name');
    e.email.label.textContent = t('chat.leave.email');
    e.phone.label.textContent = t('chat.leave.phone');
    e.contactHint.textContent = t('chat.leave.contactHint');
    e.text.label.textContent = t('chat.leave.message');
    e.another.textContent = t('chat.leave.another');
    this.#render();
  }

  #render() {
    const e = this.#els;
    const t = this.#t;
    for (const key of ['name', 'email', 'phone', 'text']) {
      const problem = this.#errors[key];
      e[key].error.hidden = !problem;
      e[key].error.textContent = this.#message(problem);
      e[key].input.setAttribute('aria-invalid', String(Boolean(problem || (this.#errors.contact && (key === 'email' || key === 'phone')))));
    }
    e.contactError.hidden = !this.#errors.contact;
    e.contactError.textContent = this.#message(this.#errors.contact);
    e.formError.hidden = !this.#formError;
    e.formError.textContent = this.#message(this.#formError);
    e.submit.disabled = this.#busy;
    e.submit.textContent = this.#busy ? t('chat.leave.sending') : t('chat.leave.submit');
    if (this.#busy) e.form.setAttribute('aria-busy', 'true');
    else e.form.removeAttribute('aria-busy');
    const sent = this.#sentName !== null;
    e.form.hidden = sent;
    e.sent.hidden = !sent;
    if (sent) e.sentText.textContent = t('chat.leave.sent', { name: this.#sentName });
  }
}
