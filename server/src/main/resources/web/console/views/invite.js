// The invite control on a visitor row: a button, then a short message to send as the invitation,
// then the invitation's fate (invited, accepted, declined) as the server reports it.

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { t } from '../i18n.js';

/**
 * @param {object} visitor  from the store; visitor.invitation is the server's view
 * @param {object|undefined} draft  {editing, busy, error} for this visitor
 * @param {object} actions  {startInvite(id), cancelInvite(id), sendInvite(id, text)}
 */
export function inviteControl(visitor, draft, actions) {
  const status = visitor.invitation?.status ?? null;
  const statusTag = status
    ? html`<span class="tag invitation-${status}" data-testid="invitation-status" data-status=${status}>${t(`console.invite.status.${status}`)}</span>`
    : nothing;
  if (visitor.conversationId) return statusTag;
  if (draft?.editing) {
    const onSubmit = (event) => {
      event.preventDefault();
      if (draft.busy) return;
      actions.sendInvite(visitor.id, event.currentTarget.elements.namedItem('text').value);
    };
    const onKeydown = (event) => {
      if (event.key === 'Escape') actions.cancelInvite(visitor.id);
    };
    return html`
      ${statusTag}
      <form class="invite-form" data-testid="invite-form" novalidate @submit=${onSubmit} @keydown=${onKeydown}>
        <label class="visually-hidden" for=${`invite-${visitor.id}`}>${t('console.invite.textLabel')}</label>
        <textarea id=${`invite-${visitor.id}`} name="text" class="input" rows="2" maxlength="1000" data-testid="invite-text"
                  .value=${draft.text ?? t('console.invite.defaultText')}></textarea>
        ${draft.error ? html`<p class="form-error" role="alert" data-testid="invite-error">${draft.error}</p>` : nothing}
        <div class="form-actions">
          <button type="submit" class="btn btn-small btn-primary" data-testid="invite-send" ?disabled=${draft.busy}>
            ${draft.busy ? html`<span class="spinner" aria-hidden="true"></span>${t('console.invite.sending')}` : t('console.invite.send')}
          </button>
          <button type="button" class="btn btn-small btn-secondary" @click=${() => actions.cancelInvite(visitor.id)}>${t('console.invite.cancel')}</button>
        </div>
      </form>`;
  }
  const pending = status === 'sent';
  return html`
    ${statusTag}
    <button type="button" class="btn btn-small btn-secondary" data-testid="invite"
            aria-label=${t('console.invite.label', { name: visitor.name ?? '' })}
            @click=${() => actions.startInvite(visitor.id)}>${pending ? t('console.invite.again') : t('console.invite.button')}</button>`;
}
