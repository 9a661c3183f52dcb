// Site settings and agents (owners only). Inputs are filled from the last server answer; what the
// owner types is read from the form on submit, so a re-render never discards unsaved edits.

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { repeat } from '/vendor/lit-html/directives/repeat.js';
import { t } from '../i18n.js';

/**
 * @param {object} state  {loading, loadError, data: {name, greeting, color, allowedOrigins, agents}, saving, saveError,
 *                         saved, adding, addError, added}
 * @param {object} actions  {reload, save(values), addAgent(values, form)}
 * @param {unknown} extraSections  more cards rendered after these (e.g. views/settings-offline.js)
 */
export function settingsView(state, actions, more = nothing) {
  return html`
    <main class="settings-page">
      <div class="settings-inner">
        <h1 class="page-title">${t('console.settings.title')}</h1>
        ${state.loading ? html`<p class="muted" role="status">${t('console.settings.loading')}</p>` : nothing}
        ${state.loadError
          ? html`<div class="form-error" role="alert" data-testid="settings-load-error">${state.loadError}
              <button type="button" class="link-button" @click=${actions.reload}>${t('console.settings.retry')}</button></div>`
          : nothing}
        ${state.data ? html`${siteForm(state, actions)}${more}${agentsSection(state, actions)}` : nothing}
      </div>
    </main>
  `;
}

function siteForm(state, actions) {
  const { data } = state;
  const onSubmit = (event) => {
    event.preventDefault();
    if (state.saving) return;
    const fields = event.currentTarget.elements;
    actions.save({
      greeting: fields.greeting.value,
      color: fields.color.value,
      allowedOrigins: fields.origins.value.split('\n').map((line) => line.trim()).filter(Boolean),
    });
  };
  return html`
    <form class="card settings-form" novalidate aria-labelledby="site-settings-title" @submit=${onSubmit}>
      <h2 class="card-title" id="site-settings-title">${t('console.settings.siteTitle')}</h2>
      <dl class="site-facts">
        <div><dt>${t('console.settings.name')}</dt><dd data-testid="settings-name">${data.name ?? ''}</dd></div>
        ${data.key ? html`<div><dt>${t('console.settings.key')}</dt><dd class="mono" data-testid="settings-key">${data.key}</dd></div>` : nothing}
      </dl>
      ${data.key ? embedSnippet(data.key) : nothing}
      <dl class="site-facts">
      </dl>

      <label class="field-label" for="settings-greeting">${t('console.settings.greeting')}</label>
      <textarea id="settings-greeting" name="greeting" class="input" data-testid="settings-greeting" rows="2"
                .value=${data.greeting ?? ''}></textarea>
      <p class="field-help">${t('console.settings.greetingHelp')}</p>

      <label class="field-label" for="settings-color">${t('console.settings.color')}</label>
      <div class="color-field">
        <input id="settings-color" name="color" type="color" class="color-input" data-testid="settings-color" .value=${colorForInput(data.color)}>
        <span class="muted">${t('console.settings.colorHelp')}</span>
      </div>

      <label class="field-label" for="settings-origins">${t('console.settings.origins')}</label>
      <textarea id="settings-origins" name="origins" class="input input-mono" data-testid="settings-origins" rows="4"
                spellcheck="false" aria-describedby="settings-origins-help" placeholder="https://www.example.com"
                .value=${(data.allowedOrigins ?? []).join('\n')}></textarea>
      <p class="field-help" id="settings-origins-help">${t('console.settings.originsHelp')}</p>

      ${state.saveError ? html`<p class="form-error" role="alert" data-testid="settings-error">${state.saveError}</p>` : nothing}
      ${state.saved ? html`<p class="form-success" role="status" data-testid="settings-saved">${t('console.settings.saved')}</p>` : nothing}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" data-testid="settings-save" ?disabled=${state.saving}>
          ${state.saving ? html`<span class="spinner" aria-hidden="true"></span>${t('console.settings.saving')}` : t('console.settings.save')}
        </button>
      </div>
    </form>
  `;
}

function agentsSection(state, actions) {
  const agents = state.data.agents ?? [];
  const onSubmit = (event) => {
    event.preventDefault();
    if (state.adding) return;
    const form = event.currentTarget;
    const fields = form.elements;
    actions.addAgent({ email: fields.email.value.trim(), name: fields.namedItem('name').value.trim(), password: fields.password.value }, form);
  };
  return html`
    <section class="card" aria-labelledby="agents-title">
      <h2 class="card-title" id="agents-title">${t('console.agents.title')}</h2>
      <ul class="agent-list">
        ${repeat(agents, (agent) => agent.id ?? agent.email, (agent) => html`
          <li class="agent-row" data-testid="agent-row" data-agent-id=${agent.id ?? nothing}>
            <span class="agent-row-name">${agent.name ?? ''}</span>
            <span class="agent-row-email">${agent.email ?? ''}</span>
            ${agent.role ? html`<span class="tag">${roleLabel(agent.role)}</span>` : nothing}
          </li>`)}
      </ul>
      <form class="add-agent-form" novalidate aria-labelledby="add-agent-title" @submit=${onSubmit}>
        <h3 class="card-subtitle" id="add-agent-title">${t('console.agents.addTitle')}</h3>
        <div class="field-row">
          <div class="field">
            <label class="field-label" for="agent-email">${t('console.agents.email')}</label>
            <input id="agent-email" name="email" type="email" class="input" data-testid="agent-email" autocomplete="off" spellcheck="false" required>
          </div>
          <div class="field">
            <label class="field-label" for="agent-name">${t('console.agents.name')}</label>
            <input id="agent-name" name="name" class="input" data-testid="agent-name" autocomplete="off" required>
          </div>
          <div class="field">
            <label class="field-label" for="agent-password">${t('console.agents.password')}</label>
            <input id="agent-password" name="password" type="password" class="input" data-testid="agent-password" autocomplete="new-password" required>
          </div>
        </div>
        ${state.addError ? html`<p class="form-error" role="alert" data-testid="agent-error">${state.addError}</p>` : nothing}
        ${state.added ? html`<p class="form-success" role="status" data-testid="agent-added">${t('console.agents.added', { name: state.added })}</p>` : nothing}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" data-testid="agent-add" ?disabled=${state.adding}>
            ${state.adding ? html`<span class="spinner" aria-hidden="true"></span>${t('console.agents.adding')}` : t('console.agents.add')}
          </button>
        </div>
      </form>
    </section>
  `;
}

function roleLabel(role) {
  return role === 'owner' ? t('console.agents.roleOwner') : role === 'agent' ? t('console.agents.roleAgent') : role;
}

/** <input type=color> accepts only #rrggbb (lower case); expand #rgb and fall back to the default blue. */
export function colorForInput(color) {
  if (typeof color !== 'string') return '#2563eb';
  const value = color.trim().toLowerCase();
  if (/^#[0-9a-f]{6}$/.test(value)) return value;
  if (/^#[0-9a-f]{3}$/.test(value)) return `#${[...value.slice(1)].map((c) => c + c).join('')}`;
  return '#2563eb';
}

/** The one line a site owner pastes into their pages, ready to copy. */
function embedSnippet(key) {
  const snippet = `<script src="${location.origin}/embed.js" data-site="${key}" async></script>`;
  const select = (event) => event.currentTarget.select();
  return html`
    <label class="field-label" for="settings-snippet">${t('console.settings.snippet')}</label>
    <textarea id="settings-snippet" class="input input-mono" data-testid="settings-snippet" rows="2" readonly spellcheck="false"
              @focus=${select} .value=${snippet}></textarea>
    <p class="field-help">${t('console.settings.snippetHelp')}</p>`;
}
