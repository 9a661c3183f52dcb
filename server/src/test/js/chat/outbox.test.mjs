import assert from 'node:assert/strict';
import test from 'node:test';
import { Outbox } from '../../../main/resources/web/chat/outbox.js';
import { memoryStorage } from './helpers.mjs';

test('unacked_messages_survive_a_reload_through_storage', () => {
  const storage = memoryStorage();
  const first = new Outbox(storage, 'k');
  first.add('a', 'hello');
  first.add('b', '😀');
  const reloaded = new Outbox(storage, 'k');
  assert.deepEqual(reloaded.items(), [{ clientId: 'a', text: 'hello' }, { clientId: 'b', text: '😀' }]);
});

test('removing_the_last_item_clears_storage', () => {
  const storage = memoryStorage();
  const outbox = new Outbox(storage, 'k');
  outbox.add('a', 'x');
  outbox.remove('a');
  assert.equal(storage.getItem('k'), null);
});

test('blocked_or_corrupt_storage_does_not_break_the_outbox', () => {
  const throwing = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('denied'); }, removeItem() {} };
  const outbox = new Outbox(throwing, 'k');
  outbox.add('a', 'x');
  assert.equal(outbox.size, 1);
  const corrupt = memoryStorage();
  corrupt.setItem('k', '{not json');
  assert.equal(new Outbox(corrupt, 'k').size, 0);
  assert.equal(new Outbox(null, 'k').size, 0);
});

test('adding_the_same_clientid_twice_keeps_one_item', () => {
  const outbox = new Outbox(memoryStorage(), 'k');
  outbox.add('a', 'x');
  outbox.add('a', 'x');
  assert.equal(outbox.size, 1);
});
