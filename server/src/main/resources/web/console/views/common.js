// Small pieces shared by several views. All user-supplied text goes through lit-html
// interpolation, which escapes it; nothing here builds HTML from strings.

import { html, nothing } from '/vendor/lit-html/lit-html.js';

/** Only absolute http(s) URLs become links; anything else (javascript:, data:, relative) is text. */
export function isWebUrl(url) {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

export function pageUrl(url, testid) {
  if (!url) return nothing;
  if (isWebUrl(url)) {
    return html`<a class="page-url" data-testid=${testid} href=${url} rel="noopener noreferrer" target="_blank">${url}</a>`;
  }
  return html`<span class="page-url" data-testid=${testid}>${url}</span>`;
}

// Times and dates follow the browser's own locale (a German browser shows 20:13, an American one 8:13 PM), not the
// UI language, which has only two bundles; the chat window formats its times the same way.

/** Wall-clock time of a server timestamp, for display: "14:05", or a short date if not today. */
export function formatClock(at) {
  if (!Number.isFinite(at)) return '';
  const date = new Date(at);
  const sameDay = date.toDateString() === new Date().toDateString();
  const options = sameDay ? { hour: 'numeric', minute: '2-digit' } : { month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(undefined, options).format(date);
}

/** "14:05:09": when a page was viewed. */
export function formatTimeOfDay(at) {
  if (!Number.isFinite(at)) return '';
  return new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(new Date(at));
}

export function isoTime(at) {
  return Number.isFinite(at) ? new Date(at).toISOString() : nothing;
}

/** One or two letters for an avatar; works for CJK names and emoji (whole code points). */
export function initials(name) {
  const words = String(name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = [...words[0]][0] ?? '';
  const second = words.length > 1 ? [...words[words.length - 1]][0] ?? '' : '';
  return (first + second).toUpperCase();
}

/** A message squeezed onto one line for list previews. */
export function previewText(text) {
  return String(text ?? '').replace(/\s+/g, ' ').trim();
}

export function presenceDot(online) {
  return html`<span class=${online ? 'presence-dot is-online' : 'presence-dot'} aria-hidden="true"></span>`;
}
