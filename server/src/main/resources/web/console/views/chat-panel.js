// One open conversation: history, typing, notices and the composer. Message text is interpolated by
// lit-html (escaped) into an element styled `white-space: pre-wrap`, so it shows exactly as sent.

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { repeat } from '/vendor/lit-html/directives/repeat.js';
import { live } from '/vendor/lit-html/directives/live.js';
import { t } from '../i18n.js';
import { formatClock, isoTime, pageUrl, presenceDot } from './common.js';
import { noticeText } from './notices.js';

/**
 * @param {object} panel  {conversation, visitor, thread, pending, typingAuthors, notice, draft, ownAgentId}
 * @param {object} actions  {closeChat, send, composerInput, dismissNotice, editFailed, discardFailed}
 */
export function chatPanelView(panel, actions) {
  const { conversation, visitor, thread } = panel;
  const id = conversation.id;
  const name = conversation.visitorName || t('console.conversations.unknownVisitor');
  const composerId = `composer-${id}`;
  const loading = thread !== null && thread.resumeInFlight === 0 && thread.messages().length === 0;
  const items = [...(thread ? thread.messages() : []), ...panel.pending];
  const visitorTyping = panel.typingAuthors.find((author) => author.type === 'visitor');
  const agentsTyping = panel.typingAuthors.filter((author) => author.type === 'agent');

  const onSubmit = (event) => {
    event.preventDefault();
    actions.send(id, event.currentTarget.elements.composer);
  };
  const onKeydown = (event) => {
    // IME users press Enter to pick a candidate (CJK input); that Enter must not send.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    actions.send(id, event.currentTarget);
  };

  return html`
    <section class="chat-panel" data-testid="chat-panel" data-conversation-id=${id} aria-label=${t('console.chat.panelLabel', { name })}>
      <header class="chat-header">
        <div class="chat-heading">
          <h3 class="chat-title">${presenceDot(Boolean(visitor))}<span data-testid="chat-visitor-name">${name}</span></h3>
          ${visitor?.page?.title || visitor?.page?.url
            ? html`<p class="chat-subtitle">${visitor.page.title ? html`<span>${visitor.page.title}</span>` : nothing}${pageUrl(visitor.page.url, 'chat-page-url')}</p>`
            : html`<p class="chat-subtitle muted">${visitor ? '' : t('console.chat.visitorOffline')}</p>`}
        </div>
        <button type="button" class="icon-button" data-testid="chat-close" aria-label=${t('console.chat.close', { name })}
                title=${t('console.chat.closeShort')} @click=${() => actions.closeChat(id)}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <ol class="message-list" data-testid="message-list" data-conversation-id=${id} role="log" aria-live="polite"
          aria-relevant="additions" aria-label=${t('console.chat.messagesLabel', { name })} tabindex="0">
        ${loading ? html`<li class="message-placeholder">${t('console.chat.loading')}</li>` : nothing}
        ${!loading && items.length === 0 ? html`<li class="message-placeholder">${t('console.chat.noMessages')}</li>` : nothing}
        ${repeat(items, messageKey, (item) => (item.seq === undefined ? pendingItem(item, actions) : messageItem(item, panel.ownAgentId)))}
      </ol>
      <div class="chat-status">
        ${visitorTyping
          ? html`<p class="typing" data-testid="typing"><span class="typing-dots" aria-hidden="true"><span></span><span></span><span></span></span>${t('console.chat.typing', { name: visitorTyping.name || name })}</p>`
          : nothing}
        ${agentsTyping.map((author) => html`<p class="typing typing-agent" data-testid="agent-typing">${t('console.chat.typing', { name: author.name ?? '' })}</p>`)}
        ${panel.notice ? noticeView(panel.notice, () => actions.dismissNotice(id)) : nothing}
      </div>
      <form class="composer" @submit=${onSubmit}>
        <label class="visually-hidden" for=${composerId}>${t('console.chat.composerLabel', { name })}</label>
        <textarea id=${composerId} name="composer" class="composer-input" data-testid="composer" rows="2"
                  placeholder=${t('console.chat.composerPlaceholder')} .value=${live(panel.draft)}
                  @input=${(event) => actions.composerInput(id, event.currentTarget.value)} @keydown=${onKeydown}></textarea>
        <button type="submit" class="btn btn-primary" data-testid="send">${t('console.chat.send')}</button>
      </form>
    </section>
  `;
}

function messageKey(item) {
  return item.clientId ? `c:${item.clientId}` : `s:${item.seq}`;
}

function messageItem(message, ownAgentId) {
  const type = message.author?.type ?? 'system';
  const own = type === 'agent' && message.author?.id === ownAgentId;
  if (type === 'system') {
    return html`<li class="message message-system" data-testid="message" data-author="system" data-seq=${String(message.seq)}>
      <div class="message-text">${message.text}</div>
    </li>`;
  }
  return html`<li class="message message-${type === 'agent' ? 'agent' : 'visitor'}${own ? ' is-own' : ''}" data-testid="message"
                  data-author=${type === 'agent' ? 'agent' : 'visitor'} data-seq=${String(message.seq)}
                  data-client-id=${message.clientId || nothing}>
    <div class="message-meta"><span class="message-author">${message.author?.name ?? ''}</span><time datetime=${isoTime(message.at)}>${formatClock(message.at)}</time></div>
    <div class="message-text">${message.text}</div>
  </li>`;
}

function pendingItem(pending, actions) {
  const failed = pending.status === 'failed';
  return html`<li class="message message-agent is-own is-pending${failed ? ' is-failed' : ''}" data-testid="message" data-author="agent"
                  data-pending="true" data-client-id=${pending.clientId}>
    <div class="message-text">${pending.text}</div>
    <div class="message-state" data-testid="message-state">
      ${failed
        ? html`<span>${t('console.chat.notSent')}</span>
            <button type="button" class="link-button" @click=${() => actions.editFailed(pending.clientId)}>${t('console.chat.edit')}</button>
            <button type="button" class="link-button" @click=${() => actions.discardFailed(pending.clientId)}>${t('console.chat.discard')}</button>`
        : pending.status === 'retrying'
          ? t('console.chat.retrying')
          : t('console.chat.sending')}
    </div>
  </li>`;
}

export function noticeView(notice, dismiss) {
  const urgent = notice.code !== 'unavailable' && notice.code !== 'rate_limited';
  return html`<div class="notice${urgent ? ' is-error' : ''}" data-testid="chat-notice" data-code=${notice.code} role=${urgent ? 'alert' : 'status'}>
    <span>${noticeText(notice)}</span>
    <button type="button" class="icon-button icon-button-small" aria-label=${t('console.notice.dismiss')} @click=${dismiss}><span aria-hidden="true">×</span></button>
  </div>`;
}
