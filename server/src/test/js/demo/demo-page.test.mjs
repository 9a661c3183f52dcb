import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import test from 'node:test';

const html = await readFile(new URL('../../../main/resources/web/demo/index.html', import.meta.url), 'utf8');

test('demo_page_embeds_the_widget_with_the_site_key_placeholder', () => {
  assert.match(html, /<script src="\/embed\.js" data-site="\{\{SITE_KEY\}\}" async><\/script>/);
});

test('demo_page_has_no_inline_script_or_style', () => {
  assert.doesNotMatch(html, /<style/i);
  assert.doesNotMatch(html, /\sstyle\s*=/i);
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
  assert.equal([...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>/gi)].length, 0);
});
