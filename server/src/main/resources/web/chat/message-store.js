/**
 * The messages of one conversation as the page shows them.
 *
 * Order and identity come from the server: confirmed messages are kept sorted by
 * their server `seq` and each seq is stored once, so duplicates (a mirrored
 * message.created, an ack, a history replay after reconnect) collapse into one
 * entry. Our own messages start as pending entries keyed by clientId and are
 * confirmed *in place* (same entry, same `key`) when the ack or message.created
 * with that clientId arrives, so the view can keep the same element.
 *
 * Pending and failed entries are always listed after the confirmed ones, in the
 * order they were written.
 */
export class MessageStore {
  #confirmed = []; // sorted by seq
  #seqs = new Set();
  #unconfirmed = new Map(); // clientId -> entry, insertion-ordered
  #lastContiguousSeq = 0;

  /** Highest seq such that every seq from 1 up to it is present. */
  get lastContiguousSeq() {
    return this.#lastContiguousSeq;
  }

  get highestSeq() {
    const last = this.#confirmed[this.#confirmed.length - 1];
    return last ? last.seq : 0;
  }

  /** True when a later message arrived before an earlier one: ask the server for the gap. */
  get hasGap() {
    return this.highestSeq > this.#lastContiguousSeq;
  }

  get confirmedCount() {
    return this.#confirmed.length;
  }

  addPending({ clientId, text }) {
    const entry = {
      key: `p:${clientId}`,
      clientId,
      seq: null,
      text,
      at: null,
      author: { type: 'visitor' },
      own: true,
      state: 'pending',
      error: null,
    };
    this.#unconfirmed.set(clientId, entry);
    return entry;
  }

  isPending(clientId) {
    return this.#unconfirmed.get(clientId)?.state === 'pending';
  }

  markFailed(clientId, error) {
    const entry = this.#unconfirmed.get(clientId);
    if (!entry) return false;
    entry.state = 'failed';
    entry.error = error;
    return true;
  }

  /**
   * Applies a server message (message.created or a history item).
   * @returns {{added:boolean, entry:object|null}} added is false for a duplicate seq.
   */
  applyMessage(message) {
    const seq = message.seq;
    if (!Number.isSafeInteger(seq) || seq < 1) return { added: false, entry: null };
    if (this.#seqs.has(seq)) return { added: false, entry: null };
    const pending = message.clientId ? this.#unconfirmed.get(message.clientId) : undefined;
    // Every visitor message on this page is this visitor's own (other tabs and earlier visits included).
    const entry = pending ?? { key: `m:${seq}`, clientId: message.clientId ?? null, own: message.author?.type === 'visitor', error: null };
    if (pending) this.#unconfirmed.delete(message.clientId);
    entry.seq = seq;
    entry.text = typeof message.text === 'string' ? message.text : '';
    entry.at = Number.isFinite(message.at) ? message.at : null;
    entry.author = normalizeAuthor(message.author, pending ? 'visitor' : 'system');
    entry.state = 'sent';
    this.#insertConfirmed(entry);
    return { added: true, entry };
  }

  /**
   * Applies message.ack for one of our own messages. The ack carries no text, so it
   * only confirms an entry we have as pending.
   * @returns {boolean} true if a pending entry was confirmed.
   */
  applyAck({ clientId, seq, at }) {
    const pending = this.#unconfirmed.get(clientId);
    if (!pending || !Number.isSafeInteger(seq) || seq < 1) return false;
    this.#unconfirmed.delete(clientId);
    if (this.#seqs.has(seq)) return true;
    pending.seq = seq;
    pending.at = Number.isFinite(at) ? at : null;
    pending.state = 'sent';
    this.#insertConfirmed(pending);
    return true;
  }

  /** Forgets confirmed messages (the conversation changed); pending and failed ones stay. */
  resetConfirmed() {
    this.#confirmed = [];
    this.#seqs.clear();
    this.#lastContiguousSeq = 0;
  }

  /** Display order: confirmed by seq, then our unconfirmed messages in writing order. */
  entries() {
    return [...this.#confirmed, ...this.#unconfirmed.values()];
  }

  #insertConfirmed(entry) {
    const list = this.#confirmed;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list[mid].seq < entry.seq) low = mid + 1;
      else high = mid;
    }
    list.splice(low, 0, entry);
    this.#seqs.add(entry.seq);
    while (this.#seqs.has(this.#lastContiguousSeq + 1)) this.#lastContiguousSeq += 1;
  }
}

function normalizeAuthor(author, fallbackType) {
  const type = author && ['visitor', 'agent', 'system'].includes(author.type) ? author.type : fallbackType;
  return {
    type,
    id: typeof author?.id === 'string' ? author.id : null,
    name: typeof author?.name === 'string' ? author.name : '',
  };
}
