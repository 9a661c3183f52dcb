import assert from 'node:assert/strict';
import test from 'node:test';
import { checkDraft, MAX_TEXT_LENGTH } from '../../../main/resources/web/chat/text.js';

test('length_counts_utf_16_code_units_like_java_string_length', () => {
  assert.equal(checkDraft('😀').length, 2);
  assert.equal(checkDraft('👨‍👩‍👧‍👦').length, 11);
  assert.equal(checkDraft('𠀀').length, 2); // CJK Extension B
  assert.equal(checkDraft('你好').length, 2);
});

test('exactly_the_limit_is_sendable_one_more_unit_is_not', () => {
  assert.equal(checkDraft('a'.repeat(MAX_TEXT_LENGTH)).sendable, true);
  const over = checkDraft('a'.repeat(MAX_TEXT_LENGTH - 1) + '😀');
  assert.equal(over.tooLong, true);
  assert.equal(over.sendable, false);
});

test('blank_text_is_not_sendable', () => {
  assert.equal(checkDraft('  \n\t ').blank, true);
  assert.equal(checkDraft('').sendable, false);
});
