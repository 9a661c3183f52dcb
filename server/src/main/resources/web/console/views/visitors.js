// Live list of visitors on the site, with their current page and time on site.

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { repeat } from '/vendor/lit-html/directives/repeat.js';
import { t } from '../i18n.js';
import { formatDuration } from '../clock.js';
import { pageUrl, presenceDot } from './common.js';
import { inviteControl } from './invite.js';

/**
 * @param {{visitors: object[], elapsedSince: (serverMs: number) => number}} state
 * @param {{openChat: (conversationId: string) => void}} actions
 */
export function visitorsView(state, actions) {
  const { visitors } = state;
  return html`
    <section class="sidebar-section visitors" aria-labelledby="visitors-title">
      <h2 class="section-title" id="visitors-title">
        ${t('console.visitors.title')}<span class="count" data-testid="visitor-count">${visitors.length}</span>
      </h2>
      ${visitors.length === 0
        ? html`<p class="empty">${t('console.visitors.empty')}</p>`
        : html`<ul class="visitor-list">${repeat(visitors, (visitor) => visitor.id, (visitor) => visitorRow(visitor, state, actions))}</ul>`}
    </section>
  `;
}

function visitorRow(visitor, state, actions) {
  const page = visitor.page ?? {};
  const conversationId = visitor.conversationId ?? null;
  // Mouse users may click anywhere on the row; keyboard users get the explicit button.
  const onRowClick = (event) => {
    if (!conversationId || event.target.closest('a, button')) return;
    actions.openChat(conversationId);
  };
  return html`
    <li class=${conversationId ? 'visitor-row has-chat' : 'visitor-row'} data-testid="visitor-row" data-visitor-id=${visitor.id} @click=${onRowClick}>
      <div class="visitor-head">
        ${presenceDot(true)}
        <span class="visitor-name" data-testid="visitor-name">${visitor.name ?? ''}</span>
        <span class="visitor-time" data-testid="visitor-time" title=${t('console.visitors.timeOnSite')}>
          ${formatDuration(state.elapsedSince(visitor.onlineSince), t)}
        </span>
      </div>
      ${page.title ? html`<div class="visitor-page-title" data-testid="visitor-page-title">${page.title}</div>` : nothing}
      ${page.url ? html`<div class="visitor-page-url">${pageUrl(page.url, 'visitor-page-url')}</div>` : nothing}
      <div class="visitor-actions">${inviteControl(visitor, state.invites?.get(visitor.id), actions)}</div>
      ${conversationId
        ? html`<button type="button" class="btn btn-small btn-secondary" data-testid="visitor-open-chat"
                       aria-label=${t('console.visitors.openChatWith', { name: visitor.name ?? '' })}
                       @click=${() => actions.openChat(conversationId)}>${t('console.visitors.openChat')}</button>`
        : nothing}
    </li>
  `;
}
