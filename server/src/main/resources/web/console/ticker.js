// setInterval/clearInterval backed by ticker-worker.js, so intervals keep their pace while the tab is
// hidden. If the worker cannot start (blocked, missing), every interval falls back to the page's own
// timers: a throttled heartbeat is better than none.

export function backgroundSafeTimers(workerUrl = '/console/ticker-worker.js') {
  const intervals = new Map(); // id -> {fn, ms, pageHandle}
  let nextId = 1;
  let worker = null;

  const runOnPage = (id, entry) => {
    entry.pageHandle = setInterval(entry.fn, entry.ms);
  };
  const fallBackToPage = () => {
    worker = null;
    for (const [id, entry] of intervals) if (entry.pageHandle === null) runOnPage(id, entry);
  };

  try {
    worker = new Worker(workerUrl);
    worker.onmessage = ({ data }) => intervals.get(data)?.fn();
    worker.onerror = fallBackToPage;
  } catch {
    worker = null;
  }

  return {
    setInterval(fn, ms) {
      const id = nextId++;
      const entry = { fn, ms, pageHandle: null };
      intervals.set(id, entry);
      if (worker) worker.postMessage({ type: 'start', id, ms });
      else runOnPage(id, entry);
      return id;
    },
    clearInterval(id) {
      const entry = intervals.get(id);
      if (!entry) return;
      intervals.delete(id);
      if (entry.pageHandle !== null) clearInterval(entry.pageHandle);
      if (worker) worker.postMessage({ type: 'stop', id });
    },
  };
}
