import assert from 'node:assert/strict';
import test from 'node:test';
import { checkAnswers, prechatNeeded } from '../../../main/resources/web/chat/prechat.js';

const form = { enabled: true, fields: { name: 'required', email: 'optional', phone: 'off', custom: 'off' }, customLabel: '' };

test('the_form_is_needed_until_every_required_field_is_answered', () => {
  assert.equal(prechatNeeded(form, null), true);
  assert.equal(prechatNeeded(form, { name: '  ' }), true);
  assert.equal(prechatNeeded(form, { name: 'Ann' }), false);
});

test('a_disabled_or_empty_form_is_never_needed', () => {
  assert.equal(prechatNeeded(null, null), false);
  assert.equal(prechatNeeded({ ...form, enabled: false }, null), false);
  assert.equal(prechatNeeded({ enabled: true, fields: { name: 'off' } }, null), false);
});

test('an_optional_only_form_is_shown_once_then_not_again_after_answering', () => {
  const optional = { enabled: true, fields: { email: 'optional' } };
  assert.equal(prechatNeeded(optional, null), true);
  assert.equal(prechatNeeded(optional, { email: '' }), false);
});

test('answers_are_checked_like_the_server_does', () => {
  assert.deepEqual(checkAnswers(form, { name: '' }), { field: 'name', key: 'chat.prechat.required' });
  assert.deepEqual(checkAnswers(form, { name: 'Ann', email: 'ann@' }), { field: 'email', key: 'chat.prechat.badEmail' });
  assert.equal(checkAnswers(form, { name: 'Ann', email: '' }), null);
  const phone = { enabled: true, fields: { phone: 'required' } };
  assert.deepEqual(checkAnswers(phone, { phone: 'call me' }), { field: 'phone', key: 'chat.prechat.badPhone' });
  assert.deepEqual(checkAnswers(phone, { phone: '++' }), { field: 'phone', key: 'chat.prechat.badPhone' });
  assert.equal(checkAnswers(phone, { phone: '+49 (30) 123-45' }), null);
});
