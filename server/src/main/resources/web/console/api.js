// The console's HTTP API calls. Every failure becomes one of two errors: ApiError (the server
// answered with a non-2xx status) or NetworkError (no answer: offline, DNS, timeout), so views can
// say something precise and re-enable their buttons.

const TIMEOUT_MS = 15000;

export class ApiError extends Error {
  constructor(status, body, retryAfterHeader) {
    super(body?.message || body?.error || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.error ?? null;
    this.serverMessage = body?.message ?? null;
    this.body = body ?? {};
    this.retryAfterHeader = retryAfterHeader;
  }
}

export class NetworkError extends Error {
  constructor(cause) {
    super('network error');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

async function request(method, path, { token, body, fetchImpl = globalThis.fetch } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetchImpl(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: abort.signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (cause) {
    throw new NetworkError(cause);
  } finally {
    clearTimeout(timer);
  }
  const parsed = await readJson(response);
  if (!response.ok) throw new ApiError(response.status, parsed, response.headers.get('Retry-After'));
  return parsed;
}

async function readJson(response) {
  if (response.status === 204) return null;
  try {
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** Minutes until a refused login may be retried (at least 1), or null when the server did not say. */
export function lockMinutes(error) {
  const seconds = Number(error.body?.retryAfterSeconds ?? error.retryAfterHeader ?? NaN);
  if (Number.isFinite(seconds) && seconds > 0) return Math.ceil(seconds / 60);
  return error.code === 'rate_limited' ? 1 : null; // the per-address limit refills within a minute
}

export const api = {
  login: (email, password) => request('POST', '/api/agent/login', { body: { email, password } }),
  logout: (token) => request('POST', '/api/agent/logout', { token }),
  loadSettings: (token) => request('GET', '/api/site/settings', { token }),
  saveSettings: (token, settings) => request('PUT', '/api/site/settings', { token, body: settings }),
  addAgent: (token, agent) => request('POST', '/api/site/agents', { token, body: agent }),
  loadInviteRules: (token) => request('GET', '/api/site/invite-rules', { token }),
  saveInviteRules: (token, body) => request('PUT', '/api/site/invite-rules', { token, body }),
  loadPrechat: (token) => request('GET', '/api/site/prechat', { token }),
  savePrechat: (token, body) => request('PUT', '/api/site/prechat', { token, body }),
  listLeftMessages: (token, status) => request('GET', `/api/left-messages?status=${encodeURIComponent(status)}`, { token }),
  setLeftMessageHandled: (token, id, handled) => request('POST', `/api/left-messages/${encodeURIComponent(id)}/status`, { token, body: { handled } }),
  replyToLeftMessage: (token, id, text) => request('POST', `/api/left-messages/${encodeURIComponent(id)}/reply`, { token, body: { text } }),
  loadOfflineSettings: (token) => request('GET', '/api/site/offline', { token }),
  saveOfflineSettings: (token, settings) => request('PUT', '/api/site/offline', { token, body: settings }),
};
