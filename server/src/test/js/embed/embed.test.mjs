import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import test from 'node:test';
import { gzipSync } from 'node:zlib';

const web = new URL('../../../main/resources/web/', import.meta.url);
const source = await readFile(new URL('embed.js', web), 'utf8');
const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

test('embed_stays_under_12_kb_gzipped', () => {
  assert.ok(gzipSync(source, { level: 9 }).length <= 12 * 1024);
});

test('embed_uses_nothing_a_strict_host_csp_would_block', () => {
  for (const forbidden of [/innerHTML/, /outerHTML/, /insertAdjacentHTML/, /setAttribute\(\s*['"]style/, /\beval\s*\(/,
    /new Function/, /createElement\(\s*['"]style/, /\.cssText/, /document\.write/]) {
    assert.doesNotMatch(code, forbidden);
  }
});

test('embed_touches_no_built_in_prototype_and_no_history_method', () => {
  assert.doesNotMatch(code, /\.prototype\.\w+\s*=[^=]/);
  assert.doesNotMatch(code, /history\.(pushState|replaceState)\s*=/);
  assert.doesNotMatch(code, /customElements\.define/);
});

test('embed_is_a_single_iie_with_one_global', () => {
  assert.match(code.trim(), /^\(\(\) => \{[\s\S]*\}\)\(\);$/);
  const globals = [...code.matchAll(/window\.(\w+)\s*=[^=]/g)].map((m) => m[1]);
  assert.deepEqual(globals, ['Parley']);
});

test('every_embed_string_is_translated_in_the_shipped_files', async () => {
  const keys = [...source.matchAll(/'(embed\.[\w.]+)'/g)].map((m) => m[1]);
  assert.ok(keys.length > 0);
  for (const lang of ['en', 'zh-CN']) {
    const strings = JSON.parse(await readFile(new URL(`i18n/${lang}.json`, web), 'utf8'));
    for (const key of keys) assert.equal(typeof strings[key], 'string', `${lang}.json lacks ${key}`);
  }
});
