// Inviting a visitor to chat: a button with the invitation's fate (invited, accepted, declined) on the
// visitor's row and in their detail panel, and the short message to send, written in the detail panel
// (visitor rows have a fixed height for the virtual list).

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { t, plural } from '../i18n.js';

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
  return composer(
    { id: `invite-${visitor.id}`, testid: 'invite-form', label: t('console.invite.textLabel') },
    draft,
    (text) => actions.sendInvite(visitor.id, text),
    () => actions.cancelInvite(visitor.id),
  );
}

/**
 * "Invite all" beside the visitor list's title, while someone could be invited (online and not chatting).
 * @param {object[]} visitors  the online visitors
 * @param {object|null} draft  the invitation to all being written or sent
 * @param {object} actions  {startInviteAll()}
 */
export function inviteAllButton(visitors, draft, actions) {
  if (draft?.editing || !visitors.some((visitor) => !visitor.conversationId)) return nothing;
  return html`<button type="button" class="btn btn-small btn-secondary" data-testid="invite-all"
      title=${t('console.inviteAll.label')} @click=${() => actions.startInviteAll()}>${t('console.inviteAll.button')}</button>`;
}

/**
 * The invitation to all: its message while it is written or sent (a form over the sidebar's lower part), then, under
 * the visitor list's title, how many visitors it reached.
 * @param {object|null} draft  {editing, text, busy, error} or {result: count}
 * @param {object} actions  {sendInviteAll(text), cancelInviteAll()}
 */
export function inviteAllPanel(draft, actions) {
  if (!draft) return nothing;
  if (draft.result !== undefined) {
    return html`<p class="invite-all-result" role="status" data-testid="invite-all-result">
      <span>${draft.result > 0 ? plural('console.inviteAll.result', draft.result) : t('console.inviteAll.nobody')}</span>
      <button type="button" class="btn btn-small btn-secondary" @click=${() => actions.cancelInviteAll()}>${t('console.inviteAll.dismiss')}</button>
    </p>`;
  }
  return composer(
    { id: 'invite-all-text', testid: 'invite-all-form', label: t('console.inviteAll.textLabel') },
    draft,
    (text) => actions.sendInviteAll(text),
    () => actions.cancelInviteAll(),
  );
}

/** The invitation's message: text, error, Send and Cancel. Escape cancels; Send is disabled while it is on its way. */
function composer({ id, testid, label }, draft, send, cancel) {
  const onSubmit = (event) => {
    event.preventDefault();
    if (draft.busy) return;
    send(event.currentTarget.elements.namedItem('text').value);
  };
  const onKeydown = (event) => {
    if (event.key === 'Escape') cancel();
  };
  return html`
    <form class="invite-form" data-testid=${testid} novalidate @submit=${onSubmit} @keydown=${onKeydown}>
      <label class="field-label" for=${id}>${label}</label>
      <textarea id=${id} name="text" class="input" rows="3" maxlength="1000" data-testid="invite-text"
                .value=${draft.text ?? t('console.invite.defaultText')}></textarea>
      ${draft.error ? html`<p class="form-error" role="alert" data-testid="invite-error">${draft.error}</p>` : nothing}
      <div class="form-actions">
        <button type="submit" class="btn btn-small btn-primary" data-testid="invite-send" ?disabled=${draft.busy}>
          ${draft.busy ? html`<span class="spinner" aria-hidden="true"></span>${t('console.invite.sending')}` : t('console.invite.send')}
        </button>
        <button type="button" class="btn btn-small btn-secondary" @click=${cancel}>${t('console.invite.cancel')}</button>
      </div>
    </form>`;
}
