/**
 * Our messages that the server has not acknowledged yet.
 *
 * Kept in sessionStorage so that a reload or a crash of this tab does not lose
 * what the visitor typed; every item is resent with its original clientId after
 * each (re)connect, and the server turns a resend into the original ack.
 */
export class Outbox {
  #items = [];
  #storage;
  #key;

  constructor(storage, key) {
    this.#storage = storage;
    this.#key = key;
    this.#items = this.#load();
  }

  add(clientId, text) {
    if (this.has(clientId)) return;
    this.#items.push({ clientId, text });
    this.#save();
  }

  remove(clientId) {
    const before = this.#items.length;
    this.#items = this.#items.filter((item) => item.clientId !== clientId);
    if (this.#items.length !== before) this.#save();
    return this.#items.length !== before;
  }

  has(clientId) {
    return this.#items.some((item) => item.clientId === clientId);
  }

  get(clientId) {
    return this.#items.find((item) => item.clientId === clientId);
  }

  items() {
    return [...this.#items];
  }

  get size() {
    return this.#items.length;
  }

  #load() {
    try {
      const raw = this.#storage?.getItem(this.#key);
      const parsed = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed)
        ? parsed.filter((i) => i && typeof i.clientId === 'string' && typeof i.text === 'string')
        : [];
    } catch {
      return [];
    }
  }

  #save() {
    try {
      if (this.#items.length === 0) this.#storage?.removeItem(this.#key);
      else this.#storage?.setItem(this.#key, JSON.stringify(this.#items));
    } catch {
      // Storage blocked or full: the outbox still works for the life of this page.
    }
  }
}
