// The agent session token. sessionStorage keeps each tab's own login; localStorage lets a reload or
// a new tab stay logged in. Storage can be unavailable (privacy modes), so every access is guarded.

const KEY = 'parley.console.token';

export function loadToken() {
  return read(globalThis.sessionStorage) ?? read(globalThis.localStorage);
}

export function saveToken(token) {
  write(globalThis.sessionStorage, token);
  write(globalThis.localStorage, token);
}

export function clearToken() {
  write(globalThis.sessionStorage, null);
  write(globalThis.localStorage, null);
}

function read(storage) {
  try {
    return storage?.getItem(KEY) || null;
  } catch {
    return null;
  }
}

function write(storage, value) {
  try {
    if (value === null) storage?.removeItem(KEY);
    else storage?.setItem(KEY, value);
  } catch {
    // Storage full or blocked: the session still works for this page's lifetime.
  }
}
