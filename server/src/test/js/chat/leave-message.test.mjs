import assert from 'node:assert/strict';
import test from 'node:test';
import { postLeaveMessage, validateLeaveMessage } from '../../../main/resources/web/chat/leave-message.js';

const keys = (errors) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v.key]));

test('a_name_an_email_and_a_message_are_enough', () => {
  assert.deepEqual(validateLeaveMessage({ name: 'Ann', email: 'ann@example.com', text: 'Hi' }), {});
  assert.deepEqual(validateLeaveMessage({ name: 'Ann', phone: '+49 (30) 123-4567', text: 'Hi' }), {});
});

test('email_or_phone_is_required', () => {
  assert.deepEqual(keys(validateLeaveMessage({ name: 'Ann', text: 'Hi' })), { contact: 'chat.leave.error.contact' });
});

test('every_bad_field_is_reported_at_once', () => {
  assert.deepEqual(keys(validateLeaveMessage({ name: '  ', email: 'ann@', phone: '12ab', text: '   ' })), {
    name: 'chat.leave.error.name',
    email: 'chat.leave.error.email',
    phone: 'chat.leave.error.phone',
    text: 'chat.leave.error.text',
  });
  assert.equal(validateLeaveMessage({ name: 'A', email: 'a@b.co', text: 'x' }, 10).text, undefined);
  assert.deepEqual(validateLeaveMessage({ name: 'A', email: 'a@b.co', text: 'x'.repeat(11) }, 10).text,
    { key: 'chat.leave.error.tooLong', params: { count: 11, max: 10 } });
  assert.equal(keys(validateLeaveMessage({ name: 'A', phone: '1234', text: 'x' })).phone, 'chat.leave.error.phone', 'at least 5 digits');
});

function fakeFetch(status, body) {
  return async () => ({ ok: status >= 200 && status < 300, status, json: async () => body });
}

test('submission_results_are_told_apart', async () => {
  assert.equal((await postLeaveMessage({}, { fetchImpl: fakeFetch(201, { message: { id: 'lm_1' } }) })).ok, true);
  assert.deepEqual(await postLeaveMessage({}, { fetchImpl: fakeFetch(400, { error: 'invalid_fields', fields: { email: 'bad' } }) }),
    { ok: false, kind: 'fields', fields: { email: 'bad' } });
  assert.equal((await postLeaveMessage({}, { fetchImpl: fakeFetch(429, { error: 'rate_limited' }) })).kind, 'rate_limited');
  assert.deepEqual(await postLeaveMessage({}, { fetchImpl: fakeFetch(500, { error: 'internal', message: 'boom' }) }),
    { ok: false, kind: 'server', message: 'boom' });
  const offline = async () => { throw new TypeError('Failed to fetch'); };
  assert.equal((await postLeaveMessage({}, { fetchImpl: offline })).kind, 'network');
});
