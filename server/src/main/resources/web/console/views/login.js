// Login form. Values are read from the form on submit (not bound), so re-renders never overwrite
// what the agent is typing.

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { t } from '../i18n.js';

/**
 * @param {{busy: boolean, error: string|null, info: string|null}} state
 * @param {{submit: (email: string, password: string) => void}} actions
 */
export function loginView(state, actions) {
  const onSubmit = (event) => {
    event.preventDefault();
    if (state.busy) return;
    const form = event.currentTarget;
    actions.submit(form.elements.email.value.trim(), form.elements.password.value);
  };
  return html`
    <main class="login-screen">
      <form class="login-card" novalidate aria-labelledby="login-title" aria-busy=${state.busy ? 'true' : 'false'} @submit=${onSubmit}>
        <div class="brand"><span class="logo" aria-hidden="true">P</span><span class="brand-name">Parley</span></div>
        <h1 id="login-title">${t('console.login.title')}</h1>
        <p class="muted">${t('console.login.subtitle')}</p>
        ${state.info ? html`<p class="form-info" role="status" data-testid="login-info">${state.info}</p>` : nothing}
        <label class="field-label" for="login-email">${t('console.login.email')}</label>
        <input id="login-email" name="email" class="input" data-testid="login-email" type="email"
               autocomplete="username" inputmode="email" autocapitalize="off" spellcheck="false" required>
        <label class="field-label" for="login-password">${t('console.login.password')}</label>
        <input id="login-password" name="password" class="input" data-testid="login-password" type="password"
               autocomplete="current-password" required>
        ${state.error ? html`<p class="form-error" role="alert" data-testid="login-error">${state.error}</p>` : nothing}
        <button class="btn btn-primary btn-block" data-testid="login-submit" type="submit" ?disabled=${state.busy}>
          ${state.busy ? html`<span class="spinner" aria-hidden="true"></span>${t('console.login.submitting')}` : t('console.login.submit')}
        </button>
      </form>
    </main>
  `;
}
