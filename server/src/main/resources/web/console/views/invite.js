// Inviting a visitor to chat: a button with the invitation's fate (invited, accepted, declined) on the
// visitor's row and in their detail panel, and the short message to send, written in the detail panel
// (visitor rows have a fixed height for the virtual list).

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { t } from '../i18n.js';

/**
 * The invitation's status as the server reports it, and the "Invite" button while the visitor is not chatting.
 * @param {object} visitor  from the store; visitor.invitation is the server's view
 * @param {object} actions  {startInvite(id)}
 */
export function inviteButton(visitor, actions) {
  const status = visitor.invitation?.status ?? null;
  const statusTag = status
    ? html`<span class="tag invitation-${status}" data-testid="invitation-status" data-status=${status}>${t(`console.invite.status.${status}`)}</span>`
    : nothing;
  if (visitor.conversationId || visitor.online === false) return statusTag;
  return html`${statusTag}<button type="button" class="btn btn-small btn-secondary" data-testid="invite"
      aria-label=${t('console.invite.label', { name: visitor.name ?? '' })}
      @click=${() => actions.startInvite(visitor.id)}>${status === 'sent' ? t('console.invite.again') : t('console.invite.button')}</button>`;
}

/**
 * @param {object} visitor
 * @param {object|undefined} draft  {editing, text, busy, error} for this visitor
 * @param {object} actions  {cancelInvite(id), sendInvite(id, text)}
 */
export function inviteForm(visitor, draft, actions) {
  if (!draft?.editing || visitor.conversationId) return nothing;
  const onSubmit = (event) => {
    event.preventDefault();
    if (draft.busy) return;
    actions.sendInvite(visitor.id, event.currentTarget.elements.namedItem('text').value);
  };
  const onKeydown = (event) => {
    if (event.key === 'Escape') actions.cancelInvite(visitor.id);
  };
  return html`
    <form class="invite-form" data-testid="invite-form" novalidate @submit=${onSubmit} @keydown=${onKeydown}>
      <label class="field-label" for=${`invite-${visitor.id}`}>${t('console.invite.textLabel')}</label>
      <textarea id=${`invite-${visitor.id}`} name="text" class="input" rows="3" maxlength="1000" data-testid="invite-text"
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
