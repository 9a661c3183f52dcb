/**
 * The pre-chat form: shown instead of the composer before a visitor's first message when the
 * site asks for it. The server validates again; its field errors are shown next to the field.
 * Everything is built with textContent and attributes, never HTML strings.
 */
const FIELDS = [
  { name: 'name', type: 'text', autocomplete: 'name', max: 100 },
  { name: 'email', type: 'email', autocomplete: 'email', max: 254 },
  { name: 'phone', type: 'tel', autocomplete: 'tel', max: 32 },
  { name: 'custom', type: 'text', autocomplete: 'off', max: 500 },
];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** True when the form asks something the contact does not answer yet. */
export function prechatNeeded(form, contact) {
  if (!form || form.enabled !== true || !form.fields) return false;
  const asked = FIELDS.filter((f) => form.fields[f.name] === 'required' || form.fields[f.name] === 'optional');
  if (asked.length === 0) return false;
  if (!contact) return true;
  return asked.some((f) => form.fields[f.name] === 'required' && !(contact[f.name] ?? '').trim());
}

/** Browser-side check for quick feedback; returns the first {field, key} or null. */
export function checkAnswers(form, answers) {
  return allProblems(form, answers)[0] ?? null;
}

/** Every wrong answer at once, in form order, so the visitor sees all of them on the first try. */
export function allProblems(form, answers) {
  const problems = [];
  for (const f of FIELDS) {
    const mode = form.fields?.[f.name];
    if (mode !== 'required' && mode !== 'optional') continue;
    const value = (answers[f.name] ?? '').trim();
    if (!value) {
      if (mode === 'required') problems.push({ field: f.name, key: 'chat.prechat.required' });
      continue;
    }
    if (f.name === 'email' && !EMAIL.test(value)) problems.push({ field: f.name, key: 'chat.prechat.badEmail' });
    if (f.name === 'phone' && (!/^\+?[0-9 ()./-]{3,32}$/.test(value) || value.replace(/\D/g, '').length < 3)) {
      problems.push({ field: f.name, key: 'chat.prechat.badPhone' });
    }
  }
  return problems;
}

export class PrechatPanel {
  #doc;
  #t;
  #root;
  #form = null;
  #busy = false;
  #onSubmit;

  /** @param {{before: Element, onSubmit: (answers: object) => boolean}} options  onSubmit false = not sent */
  constructor(doc, t, { before, onSubmit }) {
    this.#doc = doc;
    this.#t = t;
    this.#onSubmit = onSubmit;
    this.#root = doc.createElement('form');
    this.#root.className = 'prechat';
    this.#root.dataset.testid = 'prechat-form';
    this.#root.noValidate = true;
    this.#root.hidden = true;
    this.#root.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    before.parentNode.insertBefore(this.#root, before);
  }

  get visible() {
    return !this.#root.hidden;
  }

  setTranslator(t) {
    this.#t = t;
    if (this.#form && this.visible) this.show(this.#form, this.#values());
  }

  /** Draws the form for the site's settings, keeping whatever the visitor already typed. */
  show(form, values = {}) {
    const typed = this.visible ? this.#values() : {};
    this.#form = form;
    this.#busy = false;
    const doc = this.#doc;
    const t = this.#t;
    this.#root.replaceChildren();
    const intro = doc.createElement('p');
    intro.className = 'prechat-intro';
    intro.textContent = t('chat.prechat.intro');
    this.#root.append(intro);
    for (const f of FIELDS) {
      const mode = form.fields?.[f.name];
      if (mode !== 'required' && mode !== 'optional') continue;
      const id = `prechat-${f.name}`;
      const label = doc.createElement('label');
      label.className = 'prechat-label';
      label.htmlFor = id;
      const labelText = f.name === 'custom' ? (form.customLabel || t('chat.prechat.custom')) : t(`chat.prechat.${f.name}`);
      label.textContent = mode === 'required' ? labelText : `${labelText} ${t('chat.prechat.optional')}`;
      const input = doc.createElement('input');
      input.id = id;
      input.name = f.name;
      input.type = f.type;
      input.className = 'prechat-input';
      input.dataset.testid = id;
      input.autocomplete = f.autocomplete;
      input.maxLength = f.max;
      input.required = mode === 'required';
      input.value = typed[f.name] ?? values[f.name] ?? '';
      input.setAttribute('aria-describedby', `${id}-error`);
      const error = doc.createElement('p');
      error.className = 'prechat-error';
      error.id = `${id}-error`;
      error.dataset.testid = `${id}-error`;
      error.hidden = true;
      this.#root.append(label, input, error);
    }
    const general = doc.createElement('p');
    general.className = 'prechat-error';
    general.dataset.role = 'prechat-general';
    general.setAttribute('role', 'alert');
    general.hidden = true;
    const button = doc.createElement('button');
    button.type = 'submit';
    button.className = 'prechat-submit';
    button.dataset.testid = 'prechat-submit';
    button.textContent = t('chat.prechat.start');
    this.#root.append(general, button);
    this.#root.hidden = false;
  }

  hide() {
    this.#root.hidden = true;
    this.#busy = false;
  }

  focus() {
    this.#root.querySelector('input')?.focus({ preventScroll: true });
  }

  /** The server refused one answer. */
  fieldError(field, message) {
    this.#setBusy(false);
    const input = this.#root.querySelector(`input[name="${CSS.escape(String(field))}"]`);
    if (!input) {
      this.#general(message || this.#t('chat.prechat.failed'));
      return;
    }
    this.#showError(input, message || this.#t('chat.prechat.required'));
  }

  #submit() {
    if (this.#busy || !this.#form) return;
    this.#clearErrors();
    const answers = this.#values();
    const problems = allProblems(this.#form, answers);
    if (problems.length > 0) {
      // Shown together; the focus goes to the first wrong field.
      for (const problem of [...problems].reverse()) {
        this.#showError(this.#root.querySelector(`input[name="${problem.field}"]`), this.#t(problem.key));
      }
      return;
    }
    this.#setBusy(true);
    if (!this.#onSubmit(answers)) {
      this.#setBusy(false);
      this.#general(this.#t('chat.prechat.offline'));
    }
  }

  #values() {
    const values = {};
    for (const input of this.#root.querySelectorAll('input')) values[input.name] = input.value;
    return values;
  }

  #setBusy(busy) {
    this.#busy = busy;
    const button = this.#root.querySelector('button[type="submit"]');
    if (!button) return;
    button.disabled = busy;
    button.textContent = this.#t(busy ? 'chat.prechat.sending' : 'chat.prechat.start');
  }

  #showError(input, text) {
    input.setAttribute('aria-invalid', 'true');
    const error = this.#doc.getElementById(`${input.id}-error`);
    error.textContent = text;
    error.hidden = false;
    input.focus({ preventScroll: true });
  }

  #general(text) {
    const general = this.#root.querySelector('[data-role="prechat-general"]');
    general.textContent = text;
    general.hidden = false;
  }

  #clearErrors() {
    for (const input of this.#root.querySelectorAll('input')) input.removeAttribute('aria-invalid');
    for (const error of this.#root.querySelectorAll('.prechat-error')) error.hidden = true;
  }
}
