// The visitor detail panel: everything the list shows, plus the pages of this visit with times and
// the visitor's past conversations (a click opens that conversation's chat panel). Every value that
// comes from the visitor's browser (URLs, titles, referrer, UA-derived names) is interpolated as text.

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { repeat } from '/vendor/lit-html/directives/repeat.js';
import { t } from '../i18n.js';
import { formatDuration } from '../clock.js';
import { formatClock, formatTimeOfDay, isoTime, pageUrl, presenceDot, previewText } from './common.js';
import { deviceText, placeText, returningBadge } from './visitors.js';
import { inviteButton, inviteForm } from './invite.js';

/**
 * @param {{visitorId, status, code, visitor, pages, conversations}} detail  from the store
 * @param {{elapsedSince: (serverMs:number) => number, isOnline: boolean, invite: object|undefined}} state
 * @param {{closeVisitor: () => void, openChat: (id:string) => void, showVisitor: (id:string) => void}} actions
 */
export function visitorDetailView(detail, state, actions) {
  const visitor = detail.visitor ?? { id: detail.visitorId, name: '' };
  const name = visitor.name || t('console.conversations.unknownVisitor');
  return html`
    <aside class="visitor-detail" data-testid="visitor-detail" data-visitor-id=${detail.visitorId} data-status=${detail.status}
           aria-label=${t('console.visitor.panelLabel', { name })}>
      <header class="visitor-detail-header">
        <h3 class="chat-title">${presenceDot(state.isOnline)}<span data-testid="visitor-detail-name">${name}</span>${returningBadge(visitor)}</h3>
        <span class="visitor-detail-actions">
          ${detail.visitor && state.isOnline ? inviteButton(visitor, actions) : nothing}
        </span>
        <button type="button" class="icon-button" data-testid="visitor-detail-close" aria-label=${t('console.visitor.close')}
                @click=${actions.closeVisitor}><span aria-hidden="true">×</span></button>
      </header>
      <div class="visitor-detail-body">
        ${state.isOnline ? inviteForm(visitor, state.invite, actions) : nothing}
        ${detail.status === 'error'
          ? html`<p class="notice is-error" role="alert" data-testid="visitor-detail-error">
              ${t(detail.code === 'not_found' ? 'console.visitor.notFound' : 'console.visitor.loadFailed')}
              <button type="button" class="link-button" @click=${() => actions.showVisitor(detail.visitorId)}>${t('console.visitor.retry')}</button>
            </p>`
          : nothing}
        ${detail.visitor ? facts(visitor, state) : nothing}
        <h4 class="visitor-detail-heading">${t('console.visitor.pagesThisVisit')}</h4>
        ${detail.status === 'loading'
          ? html`<p class="muted" data-testid="visitor-detail-loading">${t('console.visitor.loading')}</p>`
          : detail.pages.length === 0
            ? html`<p class="muted">${t('console.visitor.noPages')}</p>`
            : html`<ol class="visitor-pages" data-testid="visitor-detail-pages">
                ${repeat([...detail.pages].reverse(), (page, i) => `${page.at}:${i}`, (page) => html`
                  <li class="visitor-page" data-testid="visitor-detail-page">
                    <time datetime=${isoTime(page.at)}>${formatTimeOfDay(page.at)}</time>
                    <span class="visitor-page-text">
                      <span class="visitor-page-title">${page.title || page.url}</span>
                      ${pageUrl(page.url, 'visitor-detail-page-url')}
                    </span>
                  </li>`)}
              </ol>`}
        <h4 class="visitor-detail-heading">${t('console.visitor.pastConversations')}</h4>
        ${detail.status === 'loading'
          ? nothing
          : detail.conversations.length === 0
            ? html`<p class="muted" data-testid="visitor-detail-no-conversations">${t('console.visitor.noConversations')}</p>`
            : html`<ul class="visitor-conversations">
                ${repeat(detail.conversations, (c) => c.id, (c) => html`
                  <li>
                    <button type="button" class="visitor-conversation" data-testid="visitor-detail-conversation" data-conversation-id=${c.id}
                            @click=${() => actions.openChat(c.id)}>
                      <time datetime=${isoTime(c.createdAt)}>${formatClock(c.createdAt)}</time>
                      <span class="visitor-conversation-preview">${c.lastMessage ? previewText(c.lastMessage.text) : t('console.conversations.noMessages')}</span>
                    </button>
                  </li>`)}
              </ul>`}
      </div>
    </aside>
  `;
}

function facts(visitor, state) {
  const page = visitor.page ?? {};
  const landing = visitor.landing ?? page; // absent while the visitor is still on the landing page
  const row = (label, value, testid) => html`<dt>${label}</dt><dd data-testid=${testid}>${value}</dd>`;
  return html`<dl class="visitor-facts">
    ${row(t('console.visitor.currentPage'), html`${page.title ? html`<span>${page.title}</span>` : nothing}${pageUrl(page.url, 'visitor-detail-current-url')}`, 'visitor-detail-current')}
    ${row(t('console.visitors.timeOnSite'), state.isOnline ? formatDuration(state.elapsedSince(visitor.onlineSince), t) : t('console.visitor.offline'), 'visitor-detail-time')}
    ${row(t('console.visitor.visits'), String(visitor.visits ?? 1), 'visitor-detail-visits')}
    ${row(t('console.visitor.landing'), landing.url ? html`${landing.title ? html`<span>${landing.title}</span>` : nothing}${pageUrl(landing.url, 'visitor-detail-landing-url')}` : t('console.visitors.unknown'), 'visitor-detail-landing')}
    ${row(t('console.visitor.referrer'), visitor.referrer ? pageUrl(visitor.referrer, 'visitor-detail-referrer-url') : t('console.visitor.direct'), 'visitor-detail-referrer')}
    ${row(t('console.visitor.keywords'), visitor.keywords || t('console.visitor.noKeywords'), 'visitor-detail-keywords')}
    ${row(t('console.visitor.device'), deviceText(visitor), 'visitor-detail-device')}
    ${row(t('console.visitor.language'), visitor.language || t('console.visitors.unknown'), 'visitor-detail-language')}
    ${row(t('console.visitor.location'), placeText(visitor), 'visitor-detail-location')}
    ${row(t('console.visitor.ip'), visitor.ip || t('console.visitors.unknown'), 'visitor-detail-ip')}
  </dl>`;
}
