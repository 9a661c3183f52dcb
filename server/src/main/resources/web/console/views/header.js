// Top bar: site, connection state, the agent's presence, settings and logout.

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { t } from '../i18n.js';

/**
 * @param {{agent: object|null, site: object|null, connection: string, route: string, loggingOut: boolean}} state
 * @param {{togglePresence: () => void, logout: () => void}} actions
 */
export function headerView(state, actions) {
  const { agent, site, connection, route } = state;
  const online = connection === 'online';
  const status = agent?.status === 'away' ? 'away' : 'online';
  const connectionLabel = online ? t('console.connection.online') : connection === 'connecting' ? t('console.connection.connecting') : t('console.connection.reconnecting');
  const presenceLabel = status === 'online' ? t('console.presence.online') : t('console.presence.away');
  const presenceAction = status === 'online' ? t('console.presence.switchToAway') : t('console.presence.switchToOnline');
  return html`
    <header class="topbar">
      <div class="topbar-start">
        <a class="brand" href="#/" aria-label=${t('console.nav.inbox')}><span class="logo" aria-hidden="true">P</span><span class="brand-name">Parley</span></a>
        <span class="topbar-divider" aria-hidden="true"></span>
        <span class="site-name" data-testid="site-name">${site?.name ?? ''}</span>
      </div>
      <nav class="topbar-end" aria-label=${t('console.nav.label')}>
        <span class="connection" data-testid="connection-status" data-state=${online ? 'online' : 'reconnecting'} role="status">
          <span class="connection-dot" aria-hidden="true"></span>${connectionLabel}
        </span>
        <button type="button" class="presence-toggle" data-testid="presence-toggle" data-status=${status}
                aria-label=${`${presenceLabel}. ${presenceAction}`} title=${presenceAction} ?disabled=${!agent}
                @click=${actions.togglePresence}>
          <span class="presence-dot ${status === 'online' ? 'is-online' : 'is-away'}" aria-hidden="true"></span>${presenceLabel}
        </button>
        <span class="agent-name" data-testid="current-agent-name">${agent?.name ?? ''}</span>
        ${route === 'messages'
          ? html`<a class="btn btn-ghost" data-testid="inbox-link" href="#/">${t('console.nav.inbox')}</a>`
          : html`<a class="btn btn-ghost" data-testid="messages-link" href="#/messages">${t('console.nav.messages')}${state.newMessages > 0
            ? html` <span class="badge badge-small" data-testid="messages-badge" aria-label=${t('console.messages.newCount', { count: state.newMessages })}>${state.newMessages}</span>`
            : nothing}</a>`}
        ${agent?.role === 'owner'
          ? route === 'settings'
            ? html`<a class="btn btn-ghost" data-testid="inbox-link" href="#/">${t('console.nav.inbox')}</a>`
            : html`<a class="btn btn-ghost" data-testid="settings-link" href="#/settings">${t('console.nav.settings')}</a>`
          : nothing}
        <button type="button" class="btn btn-ghost" data-testid="logout" ?disabled=${state.loggingOut} @click=${actions.logout}>
          ${t('console.nav.logout')}
        </button>
      </nav>
    </header>
  `;
}
