/**
 * postMessage link to the embed on the host page (see docs/protocol.md).
 *
 * Only window.parent may talk to us. The host's origin is learned from the
 * `parley:init` message and from then on is the only origin we accept and the
 * only one we post to, so a visitor token never goes to anyone else. `ready`
 * is posted with '*' because it carries nothing and we do not know the host yet.
 */
export class HostBridge {
  #win;
  #hostOrigin = null;
  #handlers = new Map();
  #initWaiters = [];

  constructor(win = window) {
    this.#win = win;
    if (this.embedded) win.addEventListener('message', (event) => this.#receive(event));
  }

  get embedded() {
    return this.#win.parent !== this.#win;
  }

  get hostOrigin() {
    return this.#hostOrigin;
  }

  /** @param {string} kind e.g. 'open', 'close', 'page' */
  on(kind, handler) {
    this.#handlers.set(kind, handler);
  }

  /** Resolves with the first init message's data. */
  waitForInit() {
    return new Promise((resolve) => this.#initWaiters.push(resolve));
  }

  announceReady() {
    if (this.embedded) this.#win.parent.postMessage({ parley: 'ready' }, '*');
  }

  post(data) {
    if (!this.embedded || !this.#hostOrigin) return;
    try {
      this.#win.parent.postMessage(data, this.#hostOrigin);
    } catch {
      // An opaque host origin ("null") cannot be targeted; the chat still works.
    }
  }

  #receive(event) {
    if (event.source !== this.#win.parent) return;
    const data = event.data;
    if (!data || typeof data !== 'object' || typeof data.parley !== 'string') return;
    if (data.parley === 'init' && this.#hostOrigin === null) {
      this.#hostOrigin = event.origin;
      const waiters = this.#initWaiters.splice(0);
      for (const resolve of waiters) resolve(data);
      return;
    }
    if (event.origin !== this.#hostOrigin) return;
    this.#handlers.get(data.parley)?.(data);
  }
}
