// Owner settings for engaging visitors: auto-invite rules and the pre-chat form. Like the site form,
// inputs are filled from the last server answer and read back from the form on submit.

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { repeat } from '/vendor/lit-html/directives/repeat.js';
import { t } from '../i18n.js';

const PRECHAT_FIELDS = ['name', 'email', 'phone', 'custom'];

/**
 * @param {object} state {loading, loadError, rules: object[]|null, prechat: object|null, savingRules, rulesError, rulesSaved,
 *                        savingPrechat, prechatError, prechatSaved}
 * @param {object} actions {addRule(), removeRule(key), saveRules(rules), savePrechat(form)}
 */
export function engagementView(state, actions) {
  if (state.loadError) return html`<p class="form-error" role="alert" data-testid="engagement-load-error">${state.loadError}</p>`;
  if (!state.rules || !state.prechat) return nothing;
  return html`${rulesCard(state, actions)}${prechatCard(state, actions)}`;
}

function rulesCard(state, actions) {
  const onSubmit = (event) => {
    event.preventDefault();
    if (state.savingRules) return;
    const rules = [...event.currentTarget.querySelectorAll('[data-testid="rule"]')].map(readRule);
    actions.saveRules(rules);
  };
  return html`
    <form class="card settings-form" novalidate aria-labelledby="rules-title" data-testid="rules-form" @submit=${onSubmit}>
      <h2 class="card-title" id="rules-title">${t('console.rules.title')}</h2>
      <p class="field-help">${t('console.rules.help')}</p>
      ${state.rules.length === 0 ? html`<p class="empty" data-testid="rules-empty">${t('console.rules.empty')}</p>` : nothing}
      ${repeat(state.rules, (rule) => rule.key, (rule, index) => ruleFields(rule, index, actions))}
      <div class="form-actions">
        <button type="button" class="btn btn-secondary" data-testid="rule-add" @click=${actions.addRule}>${t('console.rules.add')}</button>
      </div>
      ${state.rulesError ? html`<p class="form-error" role="alert" data-testid="rules-error">${state.rulesError}</p>` : nothing}
      ${state.rulesSaved ? html`<p class="form-success" role="status" data-testid="rules-saved">${t('console.rules.saved')}</p>` : nothing}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" data-testid="rules-save" ?disabled=${state.savingRules}>
          ${state.savingRules ? html`<span class="spinner" aria-hidden="true"></span>${t('console.settings.saving')}` : t('console.rules.save')}
        </button>
      </div>
    </form>
  `;
}

function ruleFields(rule, index, actions) {
  const id = (name) => `rule-${rule.key}-${name}`;
  return html`
    <fieldset class="rule" data-testid="rule" data-rule-id=${rule.id ?? ''}>
      <legend>${t('console.rules.legend', { n: index + 1 })}</legend>
      <label class="check"><input type="checkbox" name="enabled" data-testid="rule-enabled" .checked=${rule.enabled !== false}> ${t('console.rules.enabled')}</label>
      <div class="field-row">
        <div class="field">
          <label class="field-label" for=${id('name')}>${t('console.rules.name')}</label>
          <input id=${id('name')} name="name" class="input" maxlength="100" .value=${rule.name ?? ''}>
        </div>
        <div class="field">
          <label class="field-label" for=${id('url')}>${t('console.rules.url')}</label>
          <input id=${id('url')} name="urlPattern" class="input input-mono" data-testid="rule-url" maxlength="500"
                 placeholder="*/pricing*" .value=${rule.urlPattern ?? ''}>
        </div>
      </div>
      <div class="field-row">
        <div class="field">
          <label class="field-label" for=${id('seconds')}>${t('console.rules.seconds')}</label>
          <input id=${id('seconds')} name="minSecondsOnPage" type="number" min="0" max="86400" class="input" data-testid="rule-seconds"
                 .value=${String(rule.minSecondsOnPage ?? 0)}>
        </div>
        <div class="field">
          <label class="field-label" for=${id('views')}>${t('console.rules.pageViews')}</label>
          <input id=${id('views')} name="minPageViews" type="number" min="0" max="1000" class="input" .value=${String(rule.minPageViews ?? 0)}>
        </div>
        <div class="field">
          <label class="field-label" for=${id('max')}>${t('console.rules.maxPerVisitor')}</label>
          <input id=${id('max')} name="maxPerVisitor" type="number" min="1" max="100" class="input" .value=${String(rule.maxPerVisitor ?? 1)}>
        </div>
        <div class="field">
          <label class="field-label" for=${id('hours')}>${t('console.rules.capHours')}</label>
          <input id=${id('hours')} name="capHours" type="number" min="1" max="8760" class="input" .value=${String(rule.capHours ?? 24)}>
        </div>
      </div>
      <label class="check"><input type="checkbox" name="returningOnly" .checked=${rule.returningOnly === true}> ${t('console.rules.returning')}</label>
      <label class="field-label" for=${id('text')}>${t('console.rules.text')}</label>
      <textarea id=${id('text')} name="text" class="input" rows="2" maxlength="500" data-testid="rule-text" .value=${rule.text ?? ''}></textarea>
      <button type="button" class="link-button" data-testid="rule-remove" @click=${() => actions.removeRule(rule.key)}>${t('console.rules.remove')}</button>
    </fieldset>
  `;
}

function readRule(fieldset) {
  const value = (name) => fieldset.querySelector(`[name="${name}"]`);
  const number = (name) => {
    const raw = value(name).value.trim();
    return raw === '' ? undefined : Number(raw);
  };
  const rule = {
    name: value('name').value,
    enabled: value('enabled').checked,
    urlPattern: value('urlPattern').value,
    minSecondsOnPage: number('minSecondsOnPage'),
    minPageViews: number('minPageViews'),
    maxPerVisitor: number('maxPerVisitor'),
    capHours: number('capHours'),
    returningOnly: value('returningOnly').checked,
    text: value('text').value,
  };
  if (fieldset.dataset.ruleId) rule.id = fieldset.dataset.ruleId;
  return rule;
}

function prechatCard(state, actions) {
  const form = state.prechat;
  const onSubmit = (event) => {
    event.preventDefault();
    if (state.savingPrechat) return;
    const fields = event.currentTarget.elements;
    const chosen = {};
    for (const name of PRECHAT_FIELDS) chosen[name] = fields.namedItem(`prechat-${name}`).value;
    actions.savePrechat({ enabled: fields.namedItem('prechat-enabled').checked, fields: chosen, customLabel: fields.namedItem('prechat-label').value });
  };
  return html`
    <form class="card settings-form" novalidate aria-labelledby="prechat-title" data-testid="prechat-settings" @submit=${onSubmit}>
      <h2 class="card-title" id="prechat-title">${t('console.prechat.title')}</h2>
      <p class="field-help">${t('console.prechat.help')}</p>
      <label class="check"><input type="checkbox" name="prechat-enabled" data-testid="prechat-enabled" .checked=${form.enabled === true}> ${t('console.prechat.enabled')}</label>
      <div class="field-row">
        ${PRECHAT_FIELDS.map((name) => html`
          <div class="field">
            <label class="field-label" for=${`prechat-mode-${name}`}>${t(`console.prechat.field.${name}`)}</label>
            <select id=${`prechat-mode-${name}`} name=${`prechat-${name}`} class="input" data-testid=${`prechat-mode-${name}`}
                    .value=${form.fields?.[name] ?? 'off'}>
              ${['off', 'optional', 'required'].map((mode) => html`<option value=${mode} ?selected=${(form.fields?.[name] ?? 'off') === mode}>${t(`console.prechat.mode.${mode}`)}</option>`)}
            </select>
          </div>`)}
      </div>
      <label class="field-label" for="prechat-label">${t('console.prechat.customLabel')}</label>
      <input id="prechat-label" name="prechat-label" class="input" maxlength="100" data-testid="prechat-custom-label" .value=${form.customLabel ?? ''}>
      ${state.prechatError ? html`<p class="form-error" role="alert" data-testid="prechat-error">${state.prechatError}</p>` : nothing}
      ${state.prechatSaved ? html`<p class="form-success" role="status" data-testid="prechat-saved">${t('console.prechat.saved')}</p>` : nothing}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" data-testid="prechat-save" ?disabled=${state.savingPrechat}>
          ${state.savingPrechat ? html`<span class="spinner" aria-hidden="true"></span>${t('console.settings.saving')}` : t('console.prechat.save')}
        </button>
      </div>
    </form>
  `;
}
