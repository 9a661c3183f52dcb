/**
 * UI strings. English is built in so the page works even when /i18n/*.json
 * cannot be fetched; the JSON files only need the keys they translate.
 */
export const ENGLISH = {
  'chat.page.title': 'Chat',
  'chat.header.defaultName': 'Chat',
  'chat.status.online': 'Online',
  'chat.status.offline': "Away — leave a message, we'll reply",
  'chat.close': 'Close chat',
  'chat.connection.connecting': 'Connecting…',
  'chat.connection.online': 'Connected',
  'chat.connection.reconnecting': 'Reconnecting…',
  'chat.connection.offline': 'Offline — waiting for the network…',
  'chat.messages.label': 'Messages',
  'chat.composer.label': 'Message',
  'chat.composer.placeholder': 'Write a message…',
  'chat.composer.hint': 'Enter to send, Shift+Enter for a new line',
  'chat.send': 'Send',
  'chat.send.label': 'Send message',
  'chat.counter': '{count} / {max}',
  'chat.message.sending': 'Sending…',
  'chat.message.failed': 'Not sent',
  'chat.author.you': 'You',
  'chat.author.agent': 'Agent',
  'chat.author.system': 'Notice',
  'chat.typing.one': '{name} is typing…',
  'chat.typing.anonymous': 'Someone is typing…',
  'chat.typing.many': '{names} are typing…',
  'chat.notice.dismiss': 'Dismiss',
  'chat.error.too_long': 'Your message is too long: {count} of {max} characters.',
  'chat.error.too_long_server': 'That message was too long and was not sent.',
  'chat.error.bad_frame': 'That message could not be sent.',
  'chat.error.rate_limited': "You're sending messages too fast, wait {seconds}s",
  'chat.error.unavailable': 'Temporarily unavailable, retrying…',
  'chat.error.unknown_site': 'This chat is not available.',
  'chat.error.origin_not_allowed': 'Chat is not enabled for this website.',
  'chat.error.missing_site': 'This chat link is incomplete (no site given).',
  'chat.error.generic': 'Something went wrong: {message}',
  'chat.status.closed': 'Closed — leave a message, we\'ll reply',
  'chat.leave.title': 'Leave us a message',
  'chat.leave.intro.no_agents': 'Nobody is available to chat right now. Leave a message and we\'ll get back to you.',
  'chat.leave.intro.closed': 'We\'re closed right now. Leave a message and we\'ll get back to you.',
  'chat.leave.name': 'Name',
  'chat.leave.email': 'Email',
  'chat.leave.phone': 'Phone',
  'chat.leave.contactHint': 'Give an email address or a phone number (or both) so we can answer you.',
  'chat.leave.message': 'Message',
  'chat.leave.submit': 'Send message',
  'chat.leave.sending': 'Sending…',
  'chat.leave.sent': 'Thanks, {name}! We got your message and will get back to you.',
  'chat.leave.another': 'Write another message',
  'chat.leave.error.name': 'Please enter your name.',
  'chat.leave.error.nameTooLong': 'Your name can be at most {max} characters.',
  'chat.leave.error.email': 'That doesn\'t look like an email address (name@example.com).',
  'chat.leave.error.phone': 'Use digits, spaces and + ( ) - . / only, with at least 5 digits.',
  'chat.leave.error.contact': 'Please give an email address or a phone number so we can answer you.',
  'chat.leave.error.text': 'Please write your message.',
  'chat.leave.error.tooLong': 'Your message is {count} characters; the limit is {max}.',
  'chat.leave.error.network': 'Your message could not be sent. Check your connection and try again — what you typed is kept.',
  'chat.leave.error.rate_limited': 'You have sent several messages already. Please wait a while before sending another.',
  'chat.leave.error.server': 'Your message could not be sent: {message}',
};

export function pickLanguage(navigatorLanguage) {
  return typeof navigatorLanguage === 'string' && navigatorLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Replaces {name} placeholders; unknown placeholders stay visible rather than vanish. */
export function format(template, params = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

export function createTranslator(strings) {
  return (key, params) => format(strings[key] ?? ENGLISH[key] ?? key, params);
}

/** Fetches /i18n/{lang}.json; resolves to the built-in English on any failure. */
export async function loadStrings(lang, { fetchImpl = globalThis.fetch, timeoutMs = 3000, prefix = 'chat.' } = {}) {
  const strings = { ...ENGLISH };
  if (typeof fetchImpl !== 'function') return strings;
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = controller ? setTimeout(() => controller.abort(), timeoutMs) : null;
  try {
    const response = await fetchImpl(`/i18n/${encodeURIComponent(lang)}.json`, {
      credentials: 'same-origin',
      signal: controller?.signal,
    });
    if (!response.ok) return strings;
    const loaded = await response.json();
    for (const [key, value] of Object.entries(loaded ?? {})) {
      if (key.startsWith(prefix) && typeof value === 'string') strings[key] = value;
    }
    return strings;
  } catch {
    return strings;
  } finally {
    if (timer) clearTimeout(timer);
  }
}
