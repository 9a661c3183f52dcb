// "Messages": what visitors left while nobody could answer. Filter new / handled, mark, answer by
// email, and each message's notification and reply delivery (queued / sent / failed + the SMTP error).
// All visitor text goes through lit-html interpolation (escaped).

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { repeat } from '/vendor/lit-html/directives/repeat.js';
import { t } from '../i18n.js';
import { formatClock, isoTime } from './common.js';

/**
 * @param {import('../left-messages.js').LeftMessages} state
 * @param {{load(filter), setHandled(id, handled), toggleReply(id), noteDraft(id, text), reply(id, text), errorText(error)}} actions
 */
export function messagesView(state, actions) {
  const filters = [
    { id: 'new', label: t('console.messages.filter.new'), count: state.counts.new ?? 0 },
    { id: 'handled', label: t('console.messages.filter.handled'), count: state.counts.handled ?? 0 },
  ];
  return html`
    <main class="settings-page messages-page" data-testid="messages-page">
      <div class="settings-inner">
        <h1 class="page-title">${t('console.messages.title')}</h1>
        <div class="messages-filter" role="tablist" aria-label=${t('console.messages.filter.label')}>
          ${filters.map((f) => html`
            <button type="button" role="tab" class="btn ${state.filter === f.id ? 'btn-primary' : 'btn-secondary'}"
                    data-testid=${`messages-filter-${f.id}`} aria-selected=${String(state.filter === f.id)}
                    @click=${() => actions.load(f.id)}>
              ${f.label} <span class="count" data-testid=${`messages-count-${f.id}`}>${f.count}</span>
            </button>`)}
        </div>
        ${state.smtpConfigured ? nothing : html`<p class="notice-inline" role="note" data-testid="smtp-missing">${t('console.messages.smtpMissing')}</p>`}
        ${state.loadError
          ? html`<div class="form-error" role="alert">${actions.errorText(state.loadError)}
              <button type="button" class="link-button" @click=${() => actions.load(state.filter)}>${t('console.settings.retry')}</button></div>`
          : nothing}
        ${state.loading && state.messages.length === 0 ? html`<p class="muted" role="status">${t('console.settings.loading')}</p>` : nothing}
        ${!state.loading && !state.loadError && state.messages.length === 0
          ? html`<p class="muted empty-state" data-testid="messages-empty">${t(state.filter === 'handled' ? 'console.messages.emptyHandled' : 'console.messages.emptyNew')}</p>`
          : nothing}
        <ul class="left-message-list">
          ${repeat(state.messages, (m) => m.id, (m) => messageCard(m, state, actions))}
        </ul>
      </div>
    </main>
  `;
}

function messageCard(m, state, actions) {
  const busy = state.busy.get(m.id);
  const error = state.errors.get(m.id);
  const handled = m.status === 'handled';
  const replying = state.replyOpen.has(m.id);
  const onReply = async (event) => {
    event.preventDefault();
    const textarea = event.currentTarget.elements.reply;
    await actions.reply(m.id, textarea.value);
  };
  return html`
    <li class="card left-message" data-testid="left-message" data-message-id=${m.id} data-status=${m.status}>
      <div class="left-message-head">
        <strong class="left-message-name" data-testid="left-message-name">${m.name}</strong>
        <time class="muted" datetime=${isoTime(m.createdAt)}>${formatClock(m.createdAt)}</time>
        ${handled ? html`<span class="tag">${t('console.messages.handled')}</span>` : html`<span class="tag tag-new">${t('console.messages.new')}</span>`}
      </div>
      <dl class="left-message-contact">
        ${m.email ? html`<div><dt>${t('console.messages.email')}</dt><dd data-testid="left-message-email">${m.email}</dd></div>` : nothing}
        ${m.phone ? html`<div><dt>${t('console.messages.phone')}</dt><dd data-testid="left-message-phone">${m.phone}</dd></div>` : nothing}
      </dl>
      <p class="left-message-text" data-testid="left-message-text">${m.text}</p>
      ${delivery(t('console.messages.notification'), m.notification, 'notification-status')}
      ${(m.replies ?? []).map((r) => html`
        <div class="left-message-reply" data-testid="left-message-reply">
          <p class="left-message-reply-text">${r.text}</p>
          ${delivery(t('console.messages.replyTo', { to: r.recipient }), r, 'reply-status')}
        </div>`)}
      ${error ? html`<p class="form-error" role="alert" data-testid="left-message-error">${error.emptyReply ? t('console.messages.replyEmpty') : actions.errorText(error)}</p>` : nothing}
      ${replying
        ? html`<form class="left-message-reply-form" novalidate @submit=${onReply}>
            <label class="field-label" for=${`reply-${m.id}`}>${t('console.messages.replyLabel', { to: m.email })}</label>
            <textarea id=${`reply-${m.id}`} name="reply" class="input" rows="4" data-testid="reply-text"
                      .value=${state.drafts.get(m.id) ?? ''} @input=${(e) => actions.noteDraft(m.id, e.currentTarget.value)}></textarea>
            <div class="form-actions">
              <button type="button" class="btn btn-ghost" ?disabled=${busy === 'reply'} @click=${() => actions.toggleReply(m.id)}>${t('console.messages.cancel')}</button>
              <button type="submit" class="btn btn-primary" data-testid="reply-send" ?disabled=${busy === 'reply'}>
                ${busy === 'reply' ? html`<span class="spinner" aria-hidden="true"></span>${t('console.messages.sending')}` : t('console.messages.send')}
              </button>
            </div>
          </form>`
        : nothing}
      <div class="form-actions left-message-actions">
        ${m.email
          ? replying ? nothing : html`<button type="button" class="btn btn-secondary" data-testid="reply-open" @click=${() => actions.toggleReply(m.id)}>${t('console.messages.reply')}</button>`
          : html`<span class="muted" data-testid="phone-only">${t('console.messages.phoneOnly')}</span>`}
        <button type="button" class="btn btn-ghost" data-testid=${handled ? 'mark-new' : 'mark-handled'} ?disabled=${busy === 'status'}
                @click=${() => actions.setHandled(m.id, !handled)}>
          ${busy === 'status' ? t('console.messages.saving') : t(handled ? 'console.messages.markNew' : 'console.messages.markHandled')}
        </button>
      </div>
    </li>
  `;
}

function delivery(label, d, testid) {
  if (!d) return nothing;
  const status = d.status === 'sent' ? t('console.messages.delivery.sent')
    : d.status === 'failed' ? t('console.messages.delivery.failed')
      : d.error ? t('console.messages.delivery.retrying', { attempts: d.attempts ?? 0 }) : t('console.messages.delivery.queued');
  return html`
    <p class="delivery" data-testid=${testid} data-status=${d.status}>
      <span class="delivery-label">${label}:</span>
      <span class="delivery-status">${status}</span>
      ${d.attempts > 0 ? html`<span class="muted">${t('console.messages.delivery.attempts', { attempts: d.attempts })}</span>` : nothing}
      ${d.error && d.status !== 'sent' ? html`<span class="delivery-error" data-testid=${`${testid}-error`}>${d.error}</span>` : nothing}
    </p>`;
}
