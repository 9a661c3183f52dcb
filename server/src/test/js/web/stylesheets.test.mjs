import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';

const WEB = new URL('../../../main/resources/web/', import.meta.url).pathname;

function stylesheets(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return stylesheets(path);
    return entry.name.endsWith('.css') ? [path] : [];
  });
}

/**
 * Problems in a stylesheet's block structure: an unclosed or stray brace, or a style rule opened inside another
 * style rule (we write no CSS nesting, so that is always a lost "}" that silently swallows every later rule).
 */
function structureProblems(css) {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  const stack = [];
  const problems = [];
  let selectorStart = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{') {
      const prelude = text.slice(selectorStart, i).trim();
      const atRule = prelude.startsWith('@');
      if (stack.includes('style') && !atRule) {
        problems.push(`line ${text.slice(0, i).split('\n').length}: "${prelude.slice(-40)}" opens inside another rule`);
      }
      stack.push(atRule ? 'at' : 'style');
      selectorStart = i + 1;
    } else if (ch === '}') {
      if (stack.pop() === undefined) problems.push(`line ${text.slice(0, i).split('\n').length}: stray "}"`);
      selectorStart = i + 1;
    } else if (ch === ';' && stack.at(-1) !== 'style') {
      selectorStart = i + 1;
    }
  }
  if (stack.length > 0) problems.push(`${stack.length} block(s) never closed`);
  return problems;
}

test('every_stylesheet_closes_each_rule_before_the_next_one', () => {
  const files = stylesheets(WEB);
  assert.ok(files.length >= 4, `found ${files.length} stylesheets`);
  for (const file of files) {
    assert.deepEqual(structureProblems(readFileSync(file, 'utf8')), [], file);
  }
});

test('the_check_itself_catches_a_lost_brace', () => {
  assert.deepEqual(structureProblems('.a { color: red; }\n@media (x) { .b { c: d; } }'), []);
  assert.equal(structureProblems('.a { color: red;\n.b { c: d; }').length, 2);
});
