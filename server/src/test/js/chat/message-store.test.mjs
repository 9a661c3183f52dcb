import assert from 'node:assert/strict';
import test from 'node:test';
import { MessageStore } from '../../../main/resources/web/chat/message-store.js';

const agent = { type: 'agent', id: 'a_1', name: 'Ann' };
const msg = (seq, extra = {}) => ({ seq, clientId: `c${seq}`, author: agent, text: `m${seq}`, at: 1000 - seq, ...extra });
const seqs = (store) => store.entries().map((e) => e.seq);

test('messages_are_ordered_by_seq_whatever_order_they_arrive_in_and_whatever_their_clock_says', () => {
  const store = new MessageStore();
  for (const seq of [3, 1, 5, 2, 4]) store.applyMessage(msg(seq));
  assert.deepEqual(seqs(store), [1, 2, 3, 4, 5]);
});

test('the_same_seq_is_stored_once', () => {
  const store = new MessageStore();
  assert.equal(store.applyMessage(msg(1)).added, true);
  assert.equal(store.applyMessage(msg(1)).added, false);
  assert.equal(store.entries().length, 1);
});

test('a_skipped_seq_is_reported_as_a_gap_until_it_is_filled', () => {
  const store = new MessageStore();
  store.applyMessage(msg(1));
  store.applyMessage(msg(3));
  assert.equal(store.hasGap, true);
  assert.equal(store.lastContiguousSeq, 1);
  store.applyMessage(msg(2));
  assert.equal(store.hasGap, false);
  assert.equal(store.lastContiguousSeq, 3);
});

test('an_own_pending_message_is_confirmed_in_place_by_message_created_with_its_clientid', () => {
  const store = new MessageStore();
  const pending = store.addPending({ clientId: 'x', text: 'hi 😀' });
  assert.equal(store.entries()[0].state, 'pending');
  store.applyMessage({ seq: 1, clientId: 'x', author: { type: 'visitor', id: 'v', name: 'V' }, text: 'hi 😀', at: 5 });
  const [entry] = store.entries();
  assert.equal(entry, pending);
  assert.equal(entry.key, 'p:x');
  assert.equal(entry.seq, 1);
  assert.equal(entry.state, 'sent');
  assert.equal(store.entries().length, 1);
});

test('ack_then_message_created_for_the_same_message_shows_it_once', () => {
  const store = new MessageStore();
  store.addPending({ clientId: 'x', text: 'hi' });
  assert.equal(store.applyAck({ clientId: 'x', seq: 4, at: 1 }), true);
  store.applyMessage({ seq: 4, clientId: 'x', author: { type: 'visitor' }, text: 'hi', at: 1 });
  assert.equal(store.entries().length, 1);
  assert.equal(store.entries()[0].seq, 4);
});

test('pending_messages_come_after_confirmed_ones_in_writing_order', () => {
  const store = new MessageStore();
  store.addPending({ clientId: 'b', text: 'first' });
  store.addPending({ clientId: 'c', text: 'second' });
  store.applyMessage(msg(1));
  assert.deepEqual(store.entries().map((e) => e.text), ['m1', 'first', 'second']);
});

test('a_confirmed_own_message_moves_to_its_seq_position', () => {
  const store = new MessageStore();
  store.applyMessage(msg(1));
  store.addPending({ clientId: 'mine', text: 'mine' });
  store.applyMessage(msg(3));
  store.applyAck({ clientId: 'mine', seq: 2, at: 0 });
  assert.deepEqual(store.entries().map((e) => e.text), ['m1', 'mine', 'm3']);
});

test('failed_messages_stay_visible_but_are_not_pending', () => {
  const store = new MessageStore();
  store.addPending({ clientId: 'x', text: 'too long' });
  store.markFailed('x', 'too_long');
  assert.equal(store.isPending('x'), false);
  assert.equal(store.entries()[0].state, 'failed');
});

test('text_is_kept_exactly_including_4_byte_characters', () => {
  const store = new MessageStore();
  const text = '👩🏽‍💻 𠀀𠀁 你好 '.repeat(50);
  store.applyMessage(msg(1, { text }));
  assert.equal(store.entries()[0].text, text);
});

test('invalid_seq_values_are_ignored', () => {
  const store = new MessageStore();
  for (const seq of [0, -1, 1.5, '2', null, undefined]) store.applyMessage(msg(seq));
  assert.equal(store.entries().length, 0);
});
