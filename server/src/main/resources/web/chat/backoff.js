/**
 * Reconnect delays: exponential growth with a cap and random jitter, so that
 * thousands of visitors dropped by one server restart do not reconnect in lockstep.
 */
export function createBackoff({ initialMs = 500, maxMs = 15000, jitter = 0.3, random = Math.random } = {}) {
  let attempt = 0;
  return {
    nextDelay() {
      const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
      attempt += 1;
      const factor = 1 + jitter * (2 * random() - 1);
      return Math.max(0, Math.round(base * factor));
    },
    reset() {
      attempt = 0;
    },
    get attempts() {
      return attempt;
    },
  };
}
