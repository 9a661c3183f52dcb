// Words for error frames. The server's own `message` is English-only, so each known code has a
// translated text; unknown codes fall back to a generic one naming the code.

import { t } from '../i18n.js';

const KNOWN = new Set(['rate_limited', 'too_long', 'unavailable', 'not_found', 'forbidden', 'bad_frame', 'unknown_type']);

export function noticeText(notice) {
  if (notice.code === 'rate_limited') {
    const seconds = Number.isFinite(notice.retryAfterMs) ? Math.max(1, Math.ceil(notice.retryAfterMs / 1000)) : null;
    return seconds ? t('console.error.rate_limited_wait', { seconds }) : t('console.error.rate_limited');
  }
  if (KNOWN.has(notice.code)) return t(`console.error.${notice.code}`);
  return t('console.error.other', { code: notice.code ?? '?' });
}
