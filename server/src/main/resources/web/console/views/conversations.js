// Conversation list, most recent activity first. Each row is a button, so Enter and Space open it.

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { repeat } from '/vendor/lit-html/directives/repeat.js';
import { t, plural } from '../i18n.js';
import { lastActivity } from '../store.js';
import { formatClock, initials, isoTime, presenceDot, previewText } from './common.js';

/**
 * @param {{conversations: object[], isOpen: (id: string) => boolean, isVisitorOnline: (id: string) => boolean}} state
 * @param {{openChat: (conversationId: string) => void}} actions
 */
export function conversationsView(state, actions) {
  const { conversations } = state;
  return html`
    <section class="sidebar-section conversations" aria-labelledby="conversations-title">
      <h2 class="section-title" id="conversations-title">
        ${t('console.conversations.title')}<span class="count">${conversations.length}</span>
      </h2>
      ${conversations.length === 0
        ? html`<p class="empty">${t('console.conversations.empty')}</p>`
        : html`<ul class="conversation-list">
            ${repeat(conversations, (conversation) => conversation.id, (conversation) => conversationRow(conversation, state, actions))}
          </ul>`}
    </section>
  `;
}

function conversationRow(conversation, state, actions) {
  const unread = conversation.unread > 0 ? conversation.unread : 0;
  const name = conversation.visitorName || t('console.conversations.unknownVisitor');
  const classes = ['conversation-row', unread > 0 ? 'has-unread' : '', state.isOpen(conversation.id) ? 'is-open' : ''].join(' ');
  const activity = lastActivity(conversation);
  return html`
    <li>
      <button type="button" class=${classes} data-testid="conversation-row" data-conversation-id=${conversation.id}
              data-unread=${String(unread)} @click=${() => actions.openChat(conversation.id)}>
        <span class="avatar" aria-hidden="true">${initials(name)}${presenceDot(state.isVisitorOnline(conversation.visitorId))}</span>
        <span class="conversation-main">
          <span class="conversation-top">
            <span class="conversation-name" data-testid="conversation-name">${name}</span>
            <time class="conversation-time" datetime=${isoTime(activity)}>${formatClock(activity)}</time>
          </span>
          <span class="conversation-preview" data-testid="conversation-preview">${preview(conversation.lastMessage)}</span>
        </span>
        ${unread > 0
          ? html`<span class="badge" data-testid="unread-badge" aria-label=${plural('console.conversations.unread', unread)}>${unread}</span>`
          : nothing}
      </button>
    </li>
  `;
}

function preview(lastMessage) {
  if (!lastMessage) return html`<span class="muted">${t('console.conversations.noMessages')}</span>`;
  const text = previewText(lastMessage.text);
  if (lastMessage.authorType === 'agent') return t('console.conversations.previewAgent', { text });
  if (lastMessage.authorType === 'system') return html`<span class="muted">${text}</span>`;
  return text;
}
