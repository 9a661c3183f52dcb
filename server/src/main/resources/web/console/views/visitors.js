// Live list of visitors on the site: current page, time on site, browser/OS/device, country and
// visit count. A site may have thousands online, so only the rows in view are in the DOM (a virtual
// list of fixed-height rows, see ../virtual-list.js); the row itself is `visitorRow`.

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { repeat } from '/vendor/lit-html/directives/repeat.js';
import { ref } from '/vendor/lit-html/directives/ref.js';
import { t } from '../i18n.js';
import { formatDuration } from '../clock.js';
import { visibleWindow } from '../virtual-list.js';
import { pageUrl, presenceDot } from './common.js';
import { inviteAllButton, inviteAllPanel, inviteButton } from './invite.js';

/** Must match `.visitor-row { height }` in console.css. */
export const VISITOR_ROW_HEIGHT = 96;

/**
 * @param {{visitors: object[], visitorScroll: {top:number, height:number}, selectedVisitorId: string|null,
 *          elapsedSince: (serverMs: number) => number}} state
 * @param {{openChat: (conversationId: string) => void, showVisitor: (visitorId: string) => void,
 *          visitorsScrolled: (list: HTMLElement) => void}} actions
 */
export function visitorsView(state, actions) {
  const { visitors } = state;
  const win = visibleWindow({
    count: visitors.length,
    scrollTop: state.visitorScroll.top,
    viewportHeight: state.visitorScroll.height || 800, // before the first measurement
    rowHeight: VISITOR_ROW_HEIGHT,
  });
  const shown = visitors.slice(win.first, win.last);
  return html`
    <section class="sidebar-section visitors" aria-labelledby="visitors-title">
      <div class="section-head">
        <h2 class="section-title" id="visitors-title">
          ${t('console.visitors.title')}<span class="count" data-testid="visitor-count">${visitors.length}</span>
        </h2>
        ${inviteAllButton(visitors, state.inviteAll, actions)}
      </div>
      ${inviteAllPanel(state.inviteAll, actions)}
      ${visitors.length === 0
        ? html`<p class="empty">${t('console.visitors.empty')}</p>`
        : html`<ul class="visitor-list" data-testid="visitor-list" aria-labelledby="visitors-title"
                   @scroll=${(event) => actions.visitorsScrolled(event.currentTarget)}>
            <li class="visitor-spacer" aria-hidden="true" ${ref(heightOf(win.before))}></li>
            ${repeat(shown, (visitor) => visitor.id, (visitor, i) => visitorRow(visitor, state, actions, win.first + i + 1))}
            <li class="visitor-spacer" aria-hidden="true" ${ref(heightOf(win.after))}></li>
          </ul>`}
    </section>
  `;
}

/** Spacer heights through the CSSOM: the console's CSP allows no inline style attributes. */
function heightOf(px) {
  return (element) => {
    if (element) element.style.height = `${px}px`;
  };
}

/**
 * One visitor row (fixed height). Clicking it, or the name, opens the visitor's detail panel.
 * `position` is the 1-based place in the whole list (for screen readers, which see only the rendered rows).
 */
export function visitorRow(visitor, state, actions, position) {
  const page = visitor.page ?? {};
  const conversationId = visitor.conversationId ?? null;
  const selected = state.selectedVisitorId === visitor.id;
  // Mouse users may click anywhere on the row; keyboard users get the name button.
  const onRowClick = (event) => {
    if (event.target.closest('a, button')) return;
    actions.showVisitor(visitor.id);
  };
  return html`
    <li class=${selected ? 'visitor-row is-selected' : 'visitor-row'} data-testid="visitor-row" data-visitor-id=${visitor.id}
        aria-posinset=${String(position)} aria-setsize=${String(state.visitors.length)} @click=${onRowClick}>
      <div class="visitor-head">
        ${presenceDot(true)}
        <button type="button" class="visitor-name" data-testid="visitor-name" aria-expanded=${selected ? 'true' : 'false'}
                aria-label=${t('console.visitors.showDetails', { name: visitor.name ?? '' })}
                @click=${() => actions.showVisitor(visitor.id)}>${visitor.name ?? ''}</button>
        ${returningBadge(visitor)}
        <span class="visitor-actions">
          ${conversationId
            ? html`<button type="button" class="btn btn-small btn-secondary" data-testid="visitor-open-chat"
                           aria-label=${t('console.visitors.openChatWith', { name: visitor.name ?? '' })}
                           @click=${() => actions.openChat(conversationId)}>${t('console.visitors.openChat')}</button>`
            : nothing}
          ${inviteButton(visitor, actions)}
        </span>
        <span class="visitor-time" data-testid="visitor-time" title=${t('console.visitors.timeOnSite')}>
          ${formatDuration(state.elapsedSince(visitor.onlineSince), t)}
        </span>
      </div>
      <div class="visitor-page-title" data-testid="visitor-page-title">${page.title || page.url || t('console.visitors.noPage')}</div>
      <div class="visitor-page-url">${page.url ? pageUrl(page.url, 'visitor-page-url') : nothing}</div>
      <div class="visitor-meta" data-testid="visitor-meta">
        <span data-testid="visitor-device">${deviceText(visitor)}</span>
        <span class="visitor-place" data-testid="visitor-country">${placeText(visitor)}</span>
      </div>
    </li>
  `;
}

export function returningBadge(visitor) {
  const visits = Number.isInteger(visitor.visits) ? visitor.visits : 1;
  if (visits < 2) return nothing;
  return html`<span class="badge-returning" data-testid="visitor-returning" title=${t('console.visitors.returningTitle')}>${t('console.visitors.visitNumber', { count: visits })}</span>`;
}

/** "Chrome 120 · Windows 10 · Desktop", or "unknown". All of it is derived from visitor input: text only. */
export function deviceText(visitor) {
  const kind = visitor.device ? t(`console.visitors.device.${visitor.device}`) : '';
  const parts = [visitor.browser, visitor.os, kind].filter((part) => typeof part === 'string' && part !== '');
  return parts.length ? parts.join(' · ') : t('console.visitors.unknown');
}

/** "London, United Kingdom", "United Kingdom", or "unknown" (no GeoIP database, or an address it does not know). */
export function placeText(visitor) {
  if (visitor.country && visitor.city) return `${visitor.city}, ${visitor.country}`;
  return visitor.country || visitor.city || t('console.visitors.unknown');
}
