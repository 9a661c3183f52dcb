// UI strings from the flat message bundles served at /i18n/<locale>.json. English is loaded too and
// fills keys the chosen bundle lacks, so a half-translated bundle never shows raw keys.

const SUPPORTED = ['en', 'zh-CN'];

let locale = 'en';
let messages = {};

export function pickLocale(language) {
  return typeof language === 'string' && language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Loads the bundles for `wanted` (with English underneath). Missing bundles leave keys visible. */
export async function loadMessages(wanted, fetchImpl = globalThis.fetch) {
  locale = SUPPORTED.includes(wanted) ? wanted : 'en';
  const names = locale === 'en' ? ['en'] : ['en', locale];
  const bundles = await Promise.all(names.map((name) => fetchBundle(name, fetchImpl)));
  messages = Object.assign({}, ...bundles);
  return locale;
}

/** For tests and for callers that already hold a bundle. */
export function useMessages(bundle, bundleLocale = 'en') {
  messages = { ...bundle };
  locale = bundleLocale;
}

async function fetchBundle(name, fetchImpl) {
  try {
    const response = await fetchImpl(`/i18n/${name}.json`, { headers: { Accept: 'application/json' } });
    if (!response.ok) return {};
    const bundle = await response.json();
    return bundle && typeof bundle === 'object' ? bundle : {};
  } catch {
    return {};
  }
}

/** Looks up `key` and fills `{name}` placeholders from `params`. */
export function t(key, params) {
  const template = typeof messages[key] === 'string' ? messages[key] : key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** Picks `key.one` / `key.other` (etc.) by the locale's plural rules, falling back to `key.other`. */
export function plural(key, count, params = {}) {
  const rule = new Intl.PluralRules(locale).select(count);
  const chosen = `${key}.${rule}` in messages ? `${key}.${rule}` : `${key}.other`;
  return t(chosen, { count, ...params });
}
