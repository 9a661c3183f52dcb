/**
 * An invitation shown inside the chat window: when the window is already open, or the chat runs as
 * a popup with no host page to show the launcher bubble. Text only, via textContent.
 */
export class InvitationCard {
  #doc;
  #t;
  #root;
  #current = null;
  #onAnswer;

  /** @param {{before: Element, onAnswer: (id: string, accepted: boolean) => boolean}} options */
  constructor(doc, t, { before, onAnswer }) {
    this.#doc = doc;
    this.#t = t;
    this.#onAnswer = onAnswer;
    this.#root = doc.createElement('section');
    this.#root.className = 'invitation-card';
    this.#root.dataset.testid = 'invitation';
    this.#root.hidden = true;
    before.parentNode.insertBefore(this.#root, before);
  }

  get currentId() {
    return this.#current?.id ?? null;
  }

  setTranslator(t) {
    this.#t = t;
    if (this.#current) this.show(this.#current);
  }

  show(invitation) {
    this.#current = invitation;
    const doc = this.#doc;
    const t = this.#t;
    const who = doc.createElement('p');
    who.className = 'invitation-agent';
    who.textContent = invitation.agent?.name || t('chat.author.agent');
    const text = doc.createElement('p');
    text.className = 'invitation-text';
    text.textContent = invitation.text;
    const accept = this.#button('invitation-accept', t('chat.invitation.accept'), true);
    const decline = this.#button('invitation-decline', t('chat.invitation.decline'), false);
    const actions = doc.createElement('div');
    actions.className = 'invitation-actions';
    actions.append(accept, decline);
    this.#root.replaceChildren(who, text, actions);
    this.#root.hidden = false;
  }

  hide(id = null) {
    if (id !== null && this.#current?.id !== id) return;
    this.#current = null;
    this.#root.hidden = true;
  }

  #button(testid, label, accepted) {
    const button = this.#doc.createElement('button');
    button.type = 'button';
    button.className = accepted ? 'invitation-accept' : 'invitation-decline';
    button.dataset.testid = testid;
    button.textContent = label;
    button.addEventListener('click', () => {
      const id = this.#current?.id;
      if (!id) return;
      if (this.#onAnswer(id, accepted)) {
        button.disabled = true; // hidden when the server's invitation.closed arrives
      }
    });
    return button;
  }
}
