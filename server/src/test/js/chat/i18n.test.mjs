import assert from 'node:assert/strict';
import test from 'node:test';
import { createTranslator, format, loadStrings, pickLanguage } from '../../../main/resources/web/chat/i18n.js';

test('chinese_browsers_get_zh_cn_everyone_else_english', () => {
  assert.equal(pickLanguage('zh-TW'), 'zh-CN');
  assert.equal(pickLanguage('zh'), 'zh-CN');
  assert.equal(pickLanguage('en-GB'), 'en');
  assert.equal(pickLanguage('de'), 'en');
  assert.equal(pickLanguage(undefined), 'en');
});

test('placeholders_are_filled_and_unknown_ones_stay_visible', () => {
  assert.equal(format('wait {seconds}s', { seconds: 3 }), 'wait 3s');
  assert.equal(format('{a} {b}', { a: 1 }), '1 {b}');
});

test('a_failed_fetch_falls_back_to_built_in_english', async () => {
  const strings = await loadStrings('zh-CN', { fetchImpl: () => Promise.reject(new Error('offline')) });
  assert.equal(createTranslator(strings)('chat.send'), 'Send');
});

test('only_chat_keys_are_taken_from_the_shared_file', async () => {
  const body = { 'chat.send': '发送', 'console.x': 'no', 'chat.bad': 5 };
  const strings = await loadStrings('zh-CN', { fetchImpl: async () => ({ ok: true, json: async () => body }) });
  assert.equal(strings['chat.send'], '发送');
  assert.equal('console.x' in strings, false);
  assert.equal('chat.bad' in strings, false);
});

test('the_shipped_translation_files_cover_every_built_in_key', async () => {
  const { readFile } = await import('node:fs/promises');
  const { ENGLISH } = await import('../../../main/resources/web/chat/i18n.js');
  const dir = new URL('../../../main/resources/web/i18n/', import.meta.url);
  for (const lang of ['en', 'zh-CN']) {
    const file = JSON.parse(await readFile(new URL(`${lang}.json`, dir), 'utf8'));
    for (const key of Object.keys(ENGLISH)) assert.equal(typeof file[key], 'string', `${lang}.json lacks ${key}`);
  }
});
