import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import test from 'node:test';

const html = await readFile(new URL('../../../main/resources/web/chat/index.html', import.meta.url), 'utf8');

test('chat_page_has_no_inline_script_or_style', () => {
  assert.doesNotMatch(html, /<style/i);
  assert.doesNotMatch(html, /\sstyle\s*=/i);
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
  for (const [, attrs] of html.matchAll(/<script([^>]*)>/gi)) assert.match(attrs, /\ssrc="\/chat\//);
});

test('chat_page_has_the_elements_tests_and_screen_readers_rely_on', () => {
  for (const id of ['composer', 'send', 'typing', 'connection-status', 'agent-status', 'messages', 'close']) {
    assert.match(html, new RegExp(`data-testid="${id}"`), id);
  }
  assert.match(html, /role="log"[^>]*aria-live="polite"/);
});
