/** Manual clock and timers so time-dependent logic runs deterministically. */
export function fakeTimers() {
  let now = 0;
  let nextId = 1;
  const timers = new Map();
  const env = {
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { fn, at: now + Math.max(0, ms ?? 0), every: null });
      return id;
    },
    setInterval(fn, ms) {
      const id = nextId++;
      timers.set(id, { fn, at: now + ms, every: ms });
      return id;
    },
    clearTimeout(id) { timers.delete(id); },
    clearInterval(id) { timers.delete(id); },
    listeners: {},
    addEventListener(type, fn) { (env.listeners[type] ??= []).push(fn); },
    dispatch(type) { for (const fn of env.listeners[type] ?? []) fn(); },
    navigator: { onLine: true },
  };
  return {
    env,
    now: () => now,
    pending: () => timers.size,
    advance(ms) {
      const until = now + ms;
      for (;;) {
        let nextIdFound = null;
        let next = null;
        for (const [id, t] of timers) if (t.at <= until && (!next || t.at < next.at)) { next = t; nextIdFound = id; }
        if (!next) break;
        now = next.at;
        if (next.every) next.at += next.every;
        else timers.delete(nextIdFound);
        next.fn();
      }
      now = until;
    },
  };
}

export function memoryStorage() {
  const data = new Map();
  return {
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)),
    removeItem: (k) => data.delete(k),
    data,
  };
}
