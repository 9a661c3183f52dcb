// The inbox: sidebar (conversations, visitors) and the open chat panels, with a tab strip when
// more chats are open than fit side by side.

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { repeat } from '/vendor/lit-html/directives/repeat.js';
import { t } from '../i18n.js';
import { conversationsView } from './conversations.js';
import { visitorsView } from './visitors.js';
import { chatPanelView, noticeView } from './chat-panel.js';
import { visitorDetailView } from './visitor-detail.js';

/**
 * @param {object} state  {conversations, visitors, openIds, visiblePanels, hasHiddenPanels, globalNotice, ...}
 * @param {object} actions
 */
export function inboxView(state, actions) {
  return html`
    <main class="workspace">
      <aside class="sidebar" aria-label=${t('console.sidebar.label')}>
        ${conversationsView(state, actions)}
        ${visitorsView(state, actions)}
      </aside>
      <section class="chats" aria-label=${t('console.chats.label')}>
        ${state.globalNotice ? html`<div class="chats-notice">${noticeView(state.globalNotice, () => actions.dismissNotice(null))}</div>` : nothing}
        ${state.hasHiddenPanels ? tabStrip(state, actions) : nothing}
        ${state.visiblePanels.length === 0
          ? html`<div class="chats-empty"><p class="chats-empty-title">${t('console.chats.emptyTitle')}</p><p class="muted">${t('console.chats.emptyHint')}</p></div>`
          : html`<div class="panels" data-count=${String(state.visiblePanels.length)}>
              ${repeat(state.visiblePanels, (panel) => panel.conversation.id, (panel) => chatPanelView(panel, actions))}
            </div>`}
      </section>
      ${state.visitorDetail
        ? visitorDetailView(state.visitorDetail, {
            elapsedSince: state.elapsedSince,
            isOnline: state.isVisitorOnline(state.visitorDetail.visitorId),
            invite: state.invites?.get(state.visitorDetail.visitorId),
          }, actions)
        : nothing}
    </main>
  `;
}

function tabStrip(state, actions) {
  return html`<nav class="chat-tabs" aria-label=${t('console.chats.tabsLabel')}>
    ${state.openTabs.map(
      (tab) => html`<button type="button" class=${tab.visible ? 'chat-tab is-visible' : 'chat-tab'} data-testid="chat-tab"
                            data-conversation-id=${tab.id} aria-pressed=${tab.visible ? 'true' : 'false'}
                            @click=${() => actions.openChat(tab.id)}>
        <span class="chat-tab-name">${tab.name}</span>
        ${tab.unread > 0 ? html`<span class="badge badge-small">${tab.unread}</span>` : nothing}
      </button>`,
    )}
  </nav>`;
}
