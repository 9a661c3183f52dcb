// Settings section "When nobody can answer": notification address and business hours (zone picker
// from Intl.supportedValuesOf('timeZone'), weekly schedule editor). State lives in offline-settings.js.

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { t } from '../i18n.js';
import { DAYS, timeZones } from '../offline-settings.js';

let zonesCache = null;

/**
 * @param {import('../offline-settings.js').OfflineSettings} state
 * @param {{errorText(error)}} actions
 */
export function offlineSettingsView(state, actions) {
  if (state.loadError) {
    return html`<section class="card"><div class="form-error" role="alert">${actions.errorText(state.loadError)}
      <button type="button" class="link-button" @click=${() => state.load()}>${t('console.settings.retry')}</button></div></section>`;
  }
  if (!state.draft) return nothing;
  const d = state.draft;
  zonesCache ??= timeZones();
  const zones = zonesCache.includes(d.timeZone) ? zonesCache : [d.timeZone, ...zonesCache];
  const onSubmit = (event) => {
    event.preventDefault();
    state.save();
  };
  return html`
    <form class="card settings-form" novalidate aria-labelledby="offline-title" data-testid="offline-settings" @submit=${onSubmit}>
      <h2 class="card-title" id="offline-title">${t('console.offline.title')}</h2>
      <p class="field-help">${t('console.offline.intro')}</p>

      <label class="field-label" for="offline-email">${t('console.offline.email')}</label>
      <input id="offline-email" type="email" class="input" data-testid="offline-email" autocomplete="off" spellcheck="false"
             placeholder="team@example.com" .value=${d.notificationEmail}
             @input=${(e) => { d.notificationEmail = e.currentTarget.value; state.saved = false; }}>
      <p class="field-help">${t('console.offline.emailHelp')}</p>
      ${state.data && !state.data.smtpConfigured ? html`<p class="notice-inline" role="note">${t('console.messages.smtpMissing')}</p>` : nothing}

      <fieldset class="hours">
        <legend class="field-label">${t('console.offline.hours')}</legend>
        <label class="checkbox-label">
          <input type="checkbox" data-testid="hours-enabled" .checked=${d.enabled}
                 @change=${(e) => state.edit((draft) => { draft.enabled = e.currentTarget.checked; })}>
          ${t('console.offline.hoursEnabled')}
        </label>
        ${d.enabled ? html`
          <label class="field-label" for="hours-zone">${t('console.offline.zone')}</label>
          <select id="hours-zone" class="input" data-testid="hours-zone" @change=${(e) => state.edit((draft) => { draft.timeZone = e.currentTarget.value; })}>
            ${zones.map((z) => html`<option value=${z} ?selected=${z === d.timeZone}>${z}</option>`)}
          </select>
          <p class="field-help">${t('console.offline.zoneHelp')}</p>
          <div class="week">
            ${DAYS.map((day) => dayRow(state, day))}
          </div>
          <p class="field-help">${t('console.offline.midnightHelp')}</p>
        ` : html`<p class="field-help">${t('console.offline.alwaysOpen')}</p>`}
      </fieldset>

      ${state.data ? html`<p class="muted" data-testid="open-now">${t(state.data.openNow ? 'console.offline.openNow' : 'console.offline.closedNow')}</p>` : nothing}
      ${state.saveError ? html`<p class="form-error" role="alert" data-testid="offline-error">${actions.errorText(state.saveError)}</p>` : nothing}
      ${state.saved ? html`<p class="form-success" role="status" data-testid="offline-saved">${t('console.settings.saved')}</p>` : nothing}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" data-testid="offline-save" ?disabled=${state.saving}>
          ${state.saving ? html`<span class="spinner" aria-hidden="true"></span>${t('console.settings.saving')}` : t('console.settings.save')}
        </button>
      </div>
    </form>
  `;
}

function dayRow(state, day) {
  const intervals = state.draft.days[day];
  return html`
    <div class="day-row" data-testid=${`day-${day}`}>
      <span class="day-name">${t(`console.offline.day.${day}`)}</span>
      <div class="day-intervals">
        ${intervals.length === 0 ? html`<span class="muted">${t('console.offline.closed')}</span>` : nothing}
        ${intervals.map((interval, i) => html`
          <span class="interval">
            <input type="time" class="input input-time" aria-label=${t('console.offline.from')} data-testid=${`${day}-${i}-from`}
                   .value=${interval.from} @change=${(e) => state.edit(() => { interval.from = e.currentTarget.value; })}>
            –
            <input type="time" class="input input-time" aria-label=${t('console.offline.to')} data-testid=${`${day}-${i}-to`}
                   .value=${interval.to} @change=${(e) => state.edit(() => { interval.to = e.currentTarget.value; })}>
            <button type="button" class="link-button" aria-label=${t('console.offline.remove')} @click=${() => state.removeInterval(day, i)}>×</button>
          </span>`)}
        <button type="button" class="link-button" data-testid=${`${day}-add`} @click=${() => state.addInterval(day)}>${t('console.offline.add')}</button>
      </div>
    </div>`;
}
